package com.allezon.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

import com.allezon.model.Action;
import com.allezon.model.ProfileAnswer;
import com.allezon.model.ProfileAnswer.StoredTag;
import com.allezon.model.ProfileQuery;
import com.allezon.model.UserTag;
import com.allezon.profile.storage.ProfileStore;

import reactor.core.publisher.Mono;

/** The {@link ProfileStore} contract in memory, for tests of the layers above storage. */
public class InMemoryProfileStore implements ProfileStore {

    private record Key(String cookie, Action action) {
    }

    private record Position(long epochNanos, long sequence) {
    }

    private final Map<Key, ConcurrentSkipListMap<Position, StoredTag>> partitions = new ConcurrentHashMap<>();
    /** Reads served so far, so tests can see how many a query needed. */
    public final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();

    private ConcurrentSkipListMap<Position, StoredTag> partition(String cookie, Action action) {
        return partitions.computeIfAbsent(new Key(cookie, action), key -> new ConcurrentSkipListMap<>(
                (a, b) -> ProfileAnswer.NEWEST_FIRST.compare(new StoredTag(a.epochNanos(), a.sequence(), ""),
                        new StoredTag(b.epochNanos(), b.sequence(), ""))));
    }

    /** When set, every read fails with it, as a store that cannot answer does. */
    public volatile RuntimeException readFailure;

    @Override
    public Mono<List<StoredTag>> newestSince(String cookie, Action action, long fromEpochNanos, int maxTags) {
        reads.incrementAndGet();
        if (readFailure != null) {
            return Mono.error(readFailure);
        }
        return Mono.fromSupplier(() -> partition(cookie, action).values().stream()
                .filter(tag -> tag.epochNanos() >= fromEpochNanos)
                .limit(Math.min(maxTags, ProfileQuery.MAX_TAGS))
                .toList());
    }

    @Override
    public Mono<Void> save(UserTag tag, long sequence) {
        return Mono.fromRunnable(() -> partition(tag.cookie(), tag.action())
                .put(new Position(tag.epochNanos(), sequence), new StoredTag(tag.epochNanos(), sequence, tag.json())));
    }

    @Override
    public Mono<Void> trim(String cookie, Action action) {
        return Mono.fromRunnable(() -> {
            List<Position> newestFirst = new ArrayList<>(partition(cookie, action).keySet());
            if (newestFirst.size() > ProfileQuery.MAX_TAGS) {
                long oldestKept = newestFirst.get(ProfileQuery.MAX_TAGS).epochNanos();
                partition(cookie, action).keySet().removeIf(p -> p.epochNanos() < oldestKept);
            }
        });
    }
}
