package com.allezon.platform.load;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import com.allezon.platform.stream.RequestKind;
import com.allezon.platform.stream.RequestStream;

/**
 * Runs the sender's own hot code before a schedule starts: another seed's stream (generator and reference
 * model) through the HTTP client and the scoring, against an {@link EchoTarget} in this process, as fast as it
 * goes with a bounded number of requests in flight, then waits for the JIT to settle. Without it the JIT compiles
 * this code in the first seconds of a run, on the same cores as a local target that is compiling its own code
 * just then (measured at 1000 tags/s: the sender's compiler threads took 50-60 % of a core for ~12 s). Nothing
 * reaches the target, and the scratch scores are thrown away.
 */
final class SenderWarmup {

    static final int REQUESTS = 50_000;
    private static final int IN_FLIGHT = 64;
    /** The JIT counts as settled once it compiled for less than this share of two periods in a row. */
    private static final Duration SETTLE_PERIOD = Duration.ofMillis(500);
    private static final double SETTLED_SHARE = 0.02;

    private SenderWarmup() {
    }

    /** Takes at most {@code atMost}; returns the scratch scores (every answer correct, unless time ran out). */
    static Scoreboard run(long rate, long seed, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        Scoreboard scratch = new Scoreboard(Budgets.CONTRACT);
        RequestStream stream = new RequestStream(~seed, rate);
        try (EchoTarget echo = new EchoTarget(0); HttpTarget http = new HttpTarget(echo.uri(), Duration.ofSeconds(5))) {
            for (int i = 0; i < REQUESTS && System.nanoTime() < deadline; i++) {
                while (inFlight(scratch) >= IN_FLIGHT && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(50_000);
                }
                long now = System.nanoTime();
                LoadRun.fire(http, scratch, rate, stream.next(), now, now);
            }
            while (inFlight(scratch) > 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
        }
        awaitSettledJit(deadline);
        scratch.finish();
        return scratch;
    }

    private static long inFlight(Scoreboard scoreboard) {
        long n = 0;
        for (RequestKind kind : RequestKind.values()) {
            n += scoreboard.outstanding(kind);
        }
        return n;
    }

    /** Waits until the JIT compiles for less than {@link #SETTLED_SHARE} of a period, or the deadline. */
    private static void awaitSettledJit(long deadline) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        long period = SETTLE_PERIOD.toMillis();
        long before = jit.getTotalCompilationTime();
        int quiet = 0;
        while (quiet < 2 && System.nanoTime() + SETTLE_PERIOD.toNanos() < deadline) {
            LockSupport.parkNanos(SETTLE_PERIOD.toNanos());
            long now = jit.getTotalCompilationTime();
            quiet = now - before < period * SETTLED_SHARE ? quiet + 1 : 0;
            before = now;
        }
    }
}
