package com.allezon.profile.storage;

import java.util.List;

import com.allezon.model.Action;
import com.allezon.model.ProfileAnswer.StoredTag;
import com.allezon.model.UserTag;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The tags of every cookie and action, keyed by event time and arrival sequence. Writing the same tag with
 * the same sequence again changes nothing, so a replayed Kafka record never duplicates a profile entry.
 */
public interface ProfileStore {

    /**
     * The newest tags of one cookie and action whose event time is at least {@code fromEpochNanos}, newest
     * first, at most {@code maxTags} (at most {@link com.allezon.model.ProfileQuery#MAX_TAGS} is everything
     * {@link com.allezon.model.ProfileAnswer#selectFromNewest} can need for a range starting there).
     */
    Mono<List<StoredTag>> newestSince(String cookie, Action action, long fromEpochNanos, int maxTags);

    /** Stores a tag under its arrival sequence (unique per Kafka record). */
    Mono<Void> save(UserTag tag, long sequence);

    /** A tag and its arrival sequence. */
    record SequencedTag(UserTag tag, long sequence) {
    }

    /**
     * Stores many tags; completes when all are stored, fails when any write failed (the caller writes them
     * all again: every write is idempotent). One by one unless a store knows better.
     */
    default Mono<Void> saveAll(List<SequencedTag> tags) {
        return Flux.fromIterable(tags).flatMap(t -> save(t.tag(), t.sequence()), 256).then();
    }

    /** Discards tags that can no longer rank among the newest {@code MAX_TAGS}; never one that can. */
    Mono<Void> trim(String cookie, Action action);
}
