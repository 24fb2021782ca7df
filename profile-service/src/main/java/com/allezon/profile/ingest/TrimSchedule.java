package com.allezon.profile.ingest;

import java.util.concurrent.atomic.AtomicIntegerArray;

import com.allezon.model.Action;

/**
 * Decides when a cookie and action is due for trimming: after every {@code every} writes this instance saw
 * for it. Counters live in a fixed array indexed by hash, so memory stays bounded with millions of cookies;
 * a collision only makes a trim come earlier or later, which never affects answers.
 */
final class TrimSchedule {

    private static final int SLOTS = 1 << 20;

    private final AtomicIntegerArray counts = new AtomicIntegerArray(SLOTS);
    private final int every;

    TrimSchedule(int every) {
        if (every < 1) {
            throw new IllegalArgumentException("allezon.ingest.trim-every must be positive: " + every);
        }
        this.every = every;
    }

    /** Counts {@code writes} more writes; true when that completes a round of {@code every}. */
    boolean recordWrites(String cookie, Action action, int writes) {
        int slot = Math.floorMod(31 * cookie.hashCode() + action.ordinal(), SLOTS);
        int before = counts.getAndUpdate(slot, count -> (int) ((count + (long) writes) % every));
        return before + (long) writes >= every;
    }
}
