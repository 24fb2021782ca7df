package com.allezon.profile.it;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.opentest4j.AssertionFailedError;

/** Polls a real observation until it is what a test expects, or fails with the last one seen. */
final class Eventually {

    private Eventually() {
    }

    static <T> T await(String what, Duration budget, Supplier<T> observation, Predicate<T> expected) {
        long deadline = System.nanoTime() + budget.toNanos();
        long interval = 20;
        while (true) {
            T seen = observation.get();
            if (expected.test(seen)) {
                return seen;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionFailedError("gave up after " + budget.toSeconds() + " s waiting for " + what
                        + "; last seen: " + shorten(String.valueOf(seen)));
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionFailedError("interrupted while waiting for " + what);
            }
            interval = Math.min(500, interval * 2);
        }
    }

    private static String shorten(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 2000) + "...";
    }
}
