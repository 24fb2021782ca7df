package com.allezon.platform.reference;

import java.util.HashMap;
import java.util.Map;

import com.allezon.model.AggregateAnswer;
import com.allezon.model.AggregateKey;
import com.allezon.model.AggregateQuery;
import com.allezon.model.MinuteTotals;
import com.allezon.platform.stream.GeneratedTag;
import com.allezon.platform.stream.TagGenerator;

/**
 * Expected {@code /aggregates} answers in bounded memory. Queries are known in advance (they are a pure
 * function of seed, rate and position), so each is registered before the first tag of its range is
 * generated, and only the (minute, key) counters some registered query reads are kept; minutes no later
 * query can read are dropped.
 */
public final class AggregatesReference {

    /** Relative minute (0 = the stream's first) → the counters wanted in it. */
    private final Map<Long, Map<AggregateKey, MinuteTotals>> minutes = new HashMap<>();
    private long accepted;
    private long oldestKept;

    /** Counts towards {@code query} from now on; no tag of its range may have been accepted yet. */
    public void register(AggregateQuery query) {
        for (long m = query.fromMinute(); m < query.toMinute(); m++) {
            long relative = m - TagGenerator.START_MINUTE;
            if (relative < 0) {
                continue;
            }
            if (relative * TagGenerator.TAGS_PER_MINUTE < accepted) {
                throw new IllegalStateException("query registered after its minute " + relative + " began");
            }
            minutes.computeIfAbsent(relative, k -> new HashMap<>())
                    .computeIfAbsent(query.key().atMinute(m), k -> new MinuteTotals());
        }
    }

    public void accept(GeneratedTag tag) {
        accepted = tag.index() + 1;
        Map<AggregateKey, MinuteTotals> wanted = minutes.get(tag.index() / TagGenerator.TAGS_PER_MINUTE);
        if (wanted == null) {
            return;
        }
        long minute = tag.epochMinute();
        String origin = tag.originName();
        String brand = tag.brandName();
        String category = tag.categoryName();
        for (int dims = 0; dims < AggregateKey.COMBINATIONS; dims++) {
            MinuteTotals totals = wanted.get(new AggregateKey(minute, tag.action(),
                    (dims & AggregateKey.ORIGIN) != 0 ? origin : null,
                    (dims & AggregateKey.BRAND) != 0 ? brand : null,
                    (dims & AggregateKey.CATEGORY) != 0 ? category : null));
            if (totals != null) {
                totals.add(1, tag.price());
            }
        }
    }

    public String answer(AggregateQuery query) {
        AggregateKey key = query.key();
        return AggregateAnswer.render(query, minute -> {
            Map<AggregateKey, MinuteTotals> wanted = minutes.get(minute - TagGenerator.START_MINUTE);
            return wanted == null ? null : wanted.get(key.atMinute(minute));
        });
    }

    /** Drops the counters of minutes before {@code relativeMinute}. */
    public void forgetBefore(long relativeMinute) {
        for (; oldestKept < relativeMinute; oldestKept++) {
            minutes.remove(oldestKept);
        }
    }

    public int minutesHeld() {
        return minutes.size();
    }
}
