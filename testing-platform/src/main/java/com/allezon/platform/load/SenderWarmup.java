package com.allezon.platform.load;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import com.allezon.model.JitActivity;
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
    /**
     * The scratch scores judge answers, not speed: the first requests of a cold JVM take over 200 ms, and the
     * code that runs is the same whatever the budgets.
     */
    private static final Budgets SCRATCH_BUDGETS = new Budgets(Duration.ofMinutes(1), Duration.ofMinutes(1),
            Duration.ofMinutes(1));
    private static final int IN_FLIGHT = 64;
    /** The JIT counts as settled once it compiled for less than this share of two periods in a row. */
    private static final Duration SETTLE_PERIOD = Duration.ofMillis(500);
    private static final double SETTLED_SHARE = 0.02;

    private SenderWarmup() {
    }

    /** Takes at most {@code atMost}; returns the scratch scores (every answer correct, unless time ran out). */
    static Scoreboard run(long rate, long seed, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        Scoreboard scratch = new Scoreboard(SCRATCH_BUDGETS);
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
        JitActivity.awaitSettled(SETTLE_PERIOD, SETTLED_SHARE, deadline);
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
}
