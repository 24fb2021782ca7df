package com.allezon.front.web;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns a broker that stopped acknowledging into fast 503s: after {@code failures} publishes in a row
 * fail, tags are refused without trying for {@code pause}; then one success closes it again.
 */
final class PublishBreaker {

    private final int failures;
    private final long pauseNanos;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicLong openUntil = new AtomicLong(Long.MIN_VALUE);

    PublishBreaker(int failures, Duration pause) {
        this.failures = failures;
        this.pauseNanos = pause.toNanos();
    }

    boolean isOpen() {
        long until = openUntil.get();
        return until != Long.MIN_VALUE && System.nanoTime() - until < 0;
    }

    void succeeded() {
        consecutiveFailures.set(0);
        openUntil.set(Long.MIN_VALUE);
    }

    void failed() {
        if (consecutiveFailures.incrementAndGet() >= failures) {
            openUntil.set(System.nanoTime() + pauseNanos);
        }
    }
}
