package com.allezon.platform.load;

import java.time.Duration;

import com.allezon.model.JitActivity;
import com.allezon.platform.stream.RequestStream;
import com.allezon.platform.stream.TagGenerator;

/**
 * Runs the sender's own hot code before a schedule starts: a scratch {@link LoadRun} of another seed's stream,
 * fast-forwarded to where its queries have non-empty answers ({@link #fastForwardTags}), through the generator,
 * reference model, the open-model send loop, the HTTP client and the scoring, at several times the
 * rate, against an {@link EchoTarget} in this process that fails some requests and answers some late, then waits
 * for the JIT to settle. Without it the JIT compiles this code in the first seconds of a run, on the same cores
 * as a local target that is compiling its own code just then (measured at 1000 tags/s: the sender's compiler
 * threads took 50-60 % of a core for ~12 s). A loop of its own instead of a {@code LoadRun} left the real send
 * loop and its callees to be compiled at the start (measured: 0.6-1 core of compiling in the first 5 s of the
 * schedule). Nothing reaches the target, and the scratch scores are thrown away.
 * <p>
 * The echo and the scratch run's connections stay open until the caller closes the {@link Warmed} it got, after
 * its own schedule: closing connections takes paths the hot code never took, and the JIT threw away its compiled
 * Netty read and dispatch loops for them (measured: ~110 compiles, ~20 of them deoptimizations, in the 0.1 s
 * before the schedule), so the schedule's first second ran them unoptimized.
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
     * Every this-th request of each kind that is not a fault is answered {@link #LATE_BY} late, past the scratch
     * budgets: scoring an answer over its budget was first compiled when a real run's target was slowest (a
     * prime, so few of them coincide with faults; ~100 tags in all, holding ~40 connections at a time).
     */
    static final int LATE_EVERY = 499;
    static final Duration LATE_BY = Duration.ofSeconds(4);
    /**
     * The scratch budgets: answers are judged, not the speed of a cold JVM (its first requests take over 200 ms),
     * except for the echo's late ones, which exceed them by far.
     */
    static final Budgets SCRATCH_BUDGETS = new Budgets(Duration.ofSeconds(3), Duration.ofSeconds(3),
            Duration.ofSeconds(3));
    /**
     * Tags the scratch stream skips, unsent, before its first request ({@link RequestStream#fastForward}): at
     * the scratch rate, past the delay of aggregates (and so of profiles) and two whole minutes of event time.
     * A real run's queries have non-empty expected answers from its 10th second (profiles) and its 60th
     * (aggregates) on; a scratch run of {@link #LENGTH} without it never reached them, and the sender's code
     * for them (expected profiles with tags, aggregates with counts) was first compiled in the schedule, while
     * the target was compiling its own (measured: both cores taken by compilers at 9.75-11 s of a run, 19
     * profile answers late).
     */
    static long fastForwardTags(long rate) {
        return RequestStream.AGGREGATES_LATENCY_SECONDS * rate + 2L * TagGenerator.TAGS_PER_MINUTE;
    }

    /** The JIT counts as settled once it compiled for less than this share of two periods in a row. */
    private static final Duration SETTLE_PERIOD = Duration.ofMillis(500);
    private static final double SETTLED_SHARE = 0.02;

    private SenderWarmup() {
    }

    /** The warm-up's run, and its echo and connections, open until closed. */
    record Warmed(EchoTarget echo, LoadRun scratch) implements AutoCloseable {
        /** The scratch run's scores. */
        Scoreboard scoreboard() {
            return scratch.scoreboard();
        }

        @Override
        public void close() {
            scratch.closeConnections();
            echo.close();
        }
    }

    /**
     * Takes at most {@code atMost} (the drain of the late answers included); returns the scratch scores (the
     * echo's faults and late answers aside, every answer correct, unless time ran out) with the echo and
     * connections still open. The run's own rate only matters for code that depends on it, which is none: the
     * scratch run uses {@link #RATE}.
     */
    static Warmed run(long rate, long seed, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        EchoTarget echo = new EchoTarget(0, FAULT_EVERY, LATE_EVERY, LATE_BY);
        LoadRun scratch = new LoadRun(echo.uri(), Math.max(rate, RATE), ~seed, LENGTH, SCRATCH_BUDGETS, true);
        Warmed warmed = new Warmed(echo, scratch);
        try {
            scratch.start();
            if (!scratch.awaitTermination(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                scratch.close();
                scratch.awaitTermination(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            warmed.close();
            throw new IllegalStateException("interrupted while warming up", e);
        }
        JitActivity.awaitSettled(SETTLE_PERIOD, SETTLED_SHARE, deadline);
        // The scratch run's garbage (its requests, reference model and answers) goes now, not in a young
        // collection of the schedule's first seconds that copies what survived of it (measured: a 121 ms
        // pause 1.3 s into a run, while the target was still at its slowest).
        System.gc();
        return warmed;
    }
}
