package com.allezon.localcluster;

import java.util.function.BooleanSupplier;

/** Polls a real condition until it holds, with a deadline; the only way this module waits for anything. */
final class Poll {

    private static final long MAX_INTERVAL_MS = 500;

    private Poll() {
    }

    /**
     * Returns once {@code condition} holds. Throws {@link ReadinessException} when the deadline passes or
     * when {@code stillAlive} turns false (the process we wait for has died: no point waiting longer).
     */
    static void until(BooleanSupplier condition, Deadline deadline, String what, BooleanSupplier stillAlive) {
        long interval = 25;
        while (true) {
            if (condition.getAsBoolean()) {
                return;
            }
            if (!stillAlive.getAsBoolean()) {
                throw new ReadinessException("gave up waiting for " + what + ": the process exited");
            }
            if (deadline.expired()) {
                throw new ReadinessException("gave up waiting for " + what + " after " + deadline.budget().toSeconds() + " s");
            }
            try {
                Thread.sleep(Math.min(interval, deadline.remaining().toMillis() + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ReadinessException("interrupted while waiting for " + what, e);
            }
            interval = Math.min(MAX_INTERVAL_MS, interval * 2);
        }
    }
}
