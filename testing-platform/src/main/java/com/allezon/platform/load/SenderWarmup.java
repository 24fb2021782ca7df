package com.allezon.platform.load;

import java.time.Duration;

import com.allezon.model.JitActivity;

/**
 * Runs the sender's own hot code before a schedule starts: a scratch {@link LoadRun} of another seed's stream
 * (generator, reference model, the open-model send loop, the HTTP client and the scoring) at several times the
 * rate, against an {@link EchoTarget} in this process that fails some requests, then waits for the JIT to settle. Without it the JIT
 * compiles this code in the first seconds of a run, on the same cores as a local target that is compiling its
 * own code just then (measured at 1000 tags/s: the sender's compiler threads took 50-60 % of a core for ~12 s).
 * A loop of its own instead of a {@code LoadRun} left the real send loop and its callees to be compiled at the
 * start (measured: 0.6-1 core of compiling in the first 5 s of the schedule). Nothing reaches the target, and
 * the scratch scores are thrown away.
 */
final class SenderWarmup {

    /** The scratch run's rate (tags/s) and length in send time: 50,000 tags, 55,050 requests. */
    static final long RATE = 5_000;
    static final Duration LENGTH = Duration.ofSeconds(10);
    /**
     * Every this-th tag, profile and aggregates query (each kind counted apart) fails at the echo: a real run
     * meets refusals, 504s and wrong answers first at its start, when the target is coldest, and their scoring
     * (diffs, the refused-tag bookkeeping) was compiled only then.
     */
    static final int FAULT_EVERY = 20;
    /**
     * The scratch scores judge answers, not speed: the first requests of a cold JVM take over 200 ms, and the
     * code that runs is the same whatever the budgets.
     */
    private static final Budgets SCRATCH_BUDGETS = new Budgets(Duration.ofMinutes(1), Duration.ofMinutes(1),
            Duration.ofMinutes(1));
    /** The JIT counts as settled once it compiled for less than this share of two periods in a row. */
    private static final Duration SETTLE_PERIOD = Duration.ofMillis(500);
    private static final double SETTLED_SHARE = 0.02;

    private SenderWarmup() {
    }

    /**
     * Takes at most {@code atMost}; returns the scratch scores (the echo's faults aside, every answer correct,
     * unless time ran out). The
     * run's own rate only matters for code that depends on it, which is none: the scratch run uses {@link #RATE}.
     */
    static Scoreboard run(long rate, long seed, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        LoadRun scratch;
        try (EchoTarget echo = new EchoTarget(0, FAULT_EVERY)) {
            scratch = new LoadRun(echo.uri(), Math.max(rate, RATE), ~seed, LENGTH, SCRATCH_BUDGETS, false);
            scratch.start();
            if (!scratch.awaitTermination(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                scratch.close();
                scratch.awaitTermination(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while warming up", e);
        }
        JitActivity.awaitSettled(SETTLE_PERIOD, SETTLED_SHARE, deadline);
        return scratch.scoreboard();
    }
}
