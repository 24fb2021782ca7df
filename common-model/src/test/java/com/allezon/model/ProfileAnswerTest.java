package com.allezon.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import com.allezon.model.ProfileAnswer.StoredTag;

import tools.jackson.databind.JsonNode;

class ProfileAnswerTest {

    static final long BASE = EventTimesTest.MARCH_1_SECONDS * 1_000_000_000L;

    /**
     * The SPEC rules, written the plain way: among the tags of one cookie and action keep the 200 most
     * recent (a later arrival is the more recent of two equal times), then those inside [from, to),
     * newest first, at most {@code limit}.
     */
    static List<StoredTag> reference(List<StoredTag> tags, long from, long to, int limit) {
        List<StoredTag> all = new ArrayList<>(tags);
        all.sort((a, b) -> {
            if (a.epochNanos() != b.epochNanos()) {
                return a.epochNanos() > b.epochNanos() ? -1 : 1;
            }
            return a.sequence() > b.sequence() ? -1 : a.sequence() == b.sequence() ? 0 : 1;
        });
        List<StoredTag> existing = all.subList(0, Math.min(200, all.size()));
        List<StoredTag> answer = new ArrayList<>();
        for (StoredTag tag : existing) {
            if (from <= tag.epochNanos() && tag.epochNanos() < to && answer.size() < limit) {
                answer.add(tag);
            }
        }
        return answer;
    }

    static StoredTag tag(long nanosAfterBase, long sequence) {
        return new StoredTag(BASE + nanosAfterBase, sequence, "{\"seq\":" + sequence + "}");
    }

    static TimeRange range(long fromAfterBase, long toAfterBase) {
        return new TimeRange(EventTimes.fromEpochNanos(BASE + fromAfterBase), EventTimes.fromEpochNanos(BASE + toAfterBase));
    }

    @RepeatedTest(400)
    void selectFollowsTheSpecRules(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        int n = switch (repetition.getCurrentRepetition() % 4) {
            case 0 -> random.nextInt(5);
            case 1 -> 190 + random.nextInt(20);
            default -> random.nextInt(600);
        };
        // few distinct times so that equal times are common; milliseconds with some nanosecond noise
        long span = 1 + random.nextInt(Math.max(1, n));
        List<Long> sequences = new ArrayList<>();
        for (long s = 0; s < n; s++) {
            sequences.add(s * 3 + random.nextInt(3));
        }
        Collections.shuffle(sequences, random);
        List<StoredTag> tags = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = random.nextInt((int) span) * 1_000_000L + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
            tags.add(tag(t, sequences.get(i)));
        }
        long a = random.nextInt((int) span + 2) * 1_000_000L - 1_000_000L;
        long b = random.nextInt((int) span + 2) * 1_000_000L - 1_000_000L;
        if (random.nextInt(10) == 0) {
            b = a;
        }
        long from = Math.min(a, b);
        long to = Math.max(a, b);
        int limit = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> 200;
            default -> random.nextInt(220);
        };
        List<StoredTag> expected = reference(tags, BASE + from, BASE + to, limit);
        TimeRange range = range(from, to);

        assertThat(ProfileAnswer.select(tags, range, limit)).containsExactlyElementsOf(expected);

        List<StoredTag> newestFirst = new ArrayList<>(tags);
        newestFirst.sort(ProfileAnswer.NEWEST_FIRST);
        for (int i = 0; i + 1 < n; i++) {
            StoredTag newer = newestFirst.get(i);
            StoredTag older = newestFirst.get(i + 1);
            assertThat(newer.epochNanos() > older.epochNanos()
                    || newer.epochNanos() == older.epochNanos() && newer.sequence() > older.sequence())
                    .as("%s sorts before %s", newer, older).isTrue();
        }
        assertThat(ProfileAnswer.selectFromNewest(newestFirst, range, limit)).containsExactlyElementsOf(expected);

        // the documented cuts: anywhere after the 200th tag, or after the first tag older than from
        int firstOlder = n;
        for (int i = 0; i < n; i++) {
            if (newestFirst.get(i).epochNanos() < BASE + from) {
                firstOlder = i;
                break;
            }
        }
        int shortestCut = Math.min(Math.min(200, firstOlder + 1), n);
        int cut = shortestCut + random.nextInt(n - shortestCut + 1);
        assertThat(ProfileAnswer.selectFromNewest(newestFirst.subList(0, cut), range, limit))
                .containsExactlyElementsOf(expected);
        assertThat(ProfileAnswer.selectFromNewest(newestFirst.subList(0, shortestCut), range, limit))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void onlyThe200MostRecentExist() {
        List<StoredTag> tags = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            tags.add(tag(i * 1_000_000L, i));
        }
        Collections.reverse(tags);
        // the range covers the 50 oldest stored tags and 50 that no longer exist
        List<StoredTag> answer = ProfileAnswer.select(tags, range(50_000_000L, 150_000_000L), 200);
        assertThat(answer).extracting(StoredTag::sequence).containsExactlyElementsOf(descending(149, 100));
        assertThat(ProfileAnswer.select(tags, range(0, 100_000_000L), 200)).isEmpty();
    }

    @Test
    void equalTimesLaterArrivalIsMoreRecent() {
        List<StoredTag> tags = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            tags.add(tag(0, 1000 - i));   // all at the same instant, arriving in reverse sequence order
        }
        List<StoredTag> answer = ProfileAnswer.select(tags, range(0, 1), 200);
        assertThat(answer).hasSize(200);
        assertThat(answer).extracting(StoredTag::sequence).containsExactlyElementsOf(descending(1000, 801));
    }

    @Test
    void rangeIsHalfOpenAndLimitCutsTheNewest() {
        List<StoredTag> tags = List.of(tag(0, 1), tag(1_000_000, 2), tag(2_000_000, 3), tag(3_000_000, 4));
        assertThat(ProfileAnswer.select(tags, range(1_000_000, 3_000_000), 200))
                .extracting(StoredTag::sequence).containsExactly(3L, 2L);
        assertThat(ProfileAnswer.select(tags, range(0, 4_000_000), 2))
                .extracting(StoredTag::sequence).containsExactly(4L, 3L);
        assertThat(ProfileAnswer.select(tags, range(0, 4_000_000), 0)).isEmpty();
        assertThat(ProfileAnswer.select(tags, range(2_000_000, 2_000_000), 200)).isEmpty();
        assertThat(ProfileAnswer.select(List.of(), range(0, 4_000_000), 200)).isEmpty();
    }

    static List<Long> descending(long from, long to) {
        List<Long> values = new ArrayList<>();
        for (long v = from; v >= to; v--) {
            values.add(v);
        }
        return values;
    }

    @Test
    void rendersCookieViewsAndBuys() {
        String view1 = UserTag.parse(UserTagTest.SAMPLE).json();
        String view2 = UserTag.parse(UserTagTest.SAMPLE.replace("00.649Z", "01.000Z")).json();
        String buy = UserTag.parse(UserTagTest.SAMPLE.replace("VIEW", "BUY").replace("12486", "\"12486\"")).json();
        String cookie = "q\"uo/te ż😀 %2F";
        String json = ProfileAnswer.render(cookie,
                List.of(new StoredTag(2, 2, view2), new StoredTag(1, 1, view1)),
                List.of(new StoredTag(3, 3, buy)));

        JsonNode root = Json.MAPPER.readTree(json);
        assertThat(root.propertyNames()).containsExactly("cookie", "views", "buys");
        assertThat(root.get("cookie").stringValue()).isEqualTo(cookie);
        assertThat(root.get("views").size()).isEqualTo(2);
        assertThat(root.get("views").get(0)).isEqualTo(Json.MAPPER.readTree(view2));
        assertThat(root.get("views").get(1)).isEqualTo(Json.MAPPER.readTree(view1));
        assertThat(root.get("buys").size()).isEqualTo(1);
        assertThat(root.get("buys").get(0)).isEqualTo(Json.MAPPER.readTree(buy));
        assertThat(root.get("buys").get(0).get("product_info").get("product_id").isString()).isTrue();
        // the stored text is given back as is
        assertThat(json).contains(view1).contains(view2).contains(buy);
    }

    @Test
    void unknownCookieRendersEmptyLists() {
        assertThat(ProfileAnswer.render("c", List.of(), List.of())).isEqualTo("{\"cookie\":\"c\",\"views\":[],\"buys\":[]}");
    }

    @Test
    void storedTagTimesCompareAsInstants() {
        Instant a = EventTimes.parseTagTime("time", "2022-03-01T00:00:00.5Z");
        Instant b = EventTimes.parseTagTime("time", "2022-03-01T00:00:00.499999999Z");
        List<StoredTag> tags = List.of(new StoredTag(EventTimes.toEpochNanos(b), 2, "{}"),
                new StoredTag(EventTimes.toEpochNanos(a), 1, "{}"));
        assertThat(ProfileAnswer.select(tags, TimeRange.parse("2022-03-01T00:00:00_2022-03-01T00:00:01"), 1))
                .extracting(StoredTag::sequence).containsExactly(1L);
    }
}
