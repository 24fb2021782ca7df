package com.allezon.localcluster;

import java.time.Duration;

/** A point in time by which something must have happened. */
record Deadline(long nanos, Duration budget) {

    static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos(), budget);
    }

    boolean expired() {
        return System.nanoTime() - nanos >= 0;
    }

    Duration remaining() {
        return Duration.ofNanos(Math.max(0, nanos - System.nanoTime()));
    }
}
