package com.allezon.model;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * How busy this JVM's JIT compiler is: warm-ups and rehearsals go on until the code they run is compiled,
 * rather than for a fixed count that is too short on a busy machine and too long on an idle one.
 * <p>
 * Not a model type: it lives here because this is the one module every JVM of ours shares without Spring.
 */
public final class JitActivity {

    /** A service under load counts as settled once its JIT compiled for under 5 % of a second or more. */
    public static final Duration SERVICE_PERIOD = Duration.ofSeconds(1);
    public static final double SERVICE_SHARE = 0.05;

    private final CompilationMXBean jit;
    private long compiledMillis;
    private long sinceNanos;
    private boolean settled;

    private JitActivity(CompilationMXBean jit) {
        this.jit = jit;
        this.compiledMillis = jit == null ? 0 : jit.getTotalCompilationTime();
        this.sinceNanos = System.nanoTime();
    }

    /** Starts measuring now. Without compilation time monitoring every period counts as settled. */
    public static JitActivity start() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return new JitActivity(jit != null && jit.isCompilationTimeMonitoringSupported() ? jit : null);
    }

    /** Time since the current period began. */
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - sinceNanos);
    }

    /**
     * The share of the current period's time the JIT spent compiling (with several compiler threads it can
     * exceed 1; 0 without monitoring); a new period begins.
     */
    public double nextPeriod() {
        long now = System.nanoTime();
        long compiled = jit == null ? 0 : jit.getTotalCompilationTime();
        double share = (compiled - compiledMillis) * 1_000_000.0 / Math.max(1, now - sinceNanos);
        compiledMillis = compiled;
        sinceNanos = now;
        return share;
    }

    /**
     * Whether the JIT compiled for less than {@code share} of the last period of at least {@code period}: a
     * period that has run that long ends here and decides; until the next one does, the last verdict holds
     * (false before the first).
     */
    public boolean settled(Duration period, double share) {
        if (elapsed().compareTo(period) >= 0) {
            settled = nextPeriod() < share;
        }
        return settled;
    }

    /**
     * Waits until the JIT compiled for less than {@code share} of two periods in a row (the compile queue has
     * drained), or the deadline ({@link System#nanoTime()}) comes; returns whether it settled.
     */
    public static boolean awaitSettled(Duration period, double share, long deadlineNanos) {
        JitActivity activity = start();
        int quiet = 0;
        while (quiet < 2 && System.nanoTime() + period.toNanos() < deadlineNanos) {
            LockSupport.parkNanos(period.toNanos());
            quiet = activity.nextPeriod() < share ? quiet + 1 : 0;
        }
        return quiet >= 2;
    }
}
