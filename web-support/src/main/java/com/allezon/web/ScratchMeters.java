package com.allezon.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The meter registry of a rehearsal: apart from the service's own, so that no scratch count reaches its metrics,
 * but of the same kind (Prometheus, what each service exports), so that its meters are of the same classes. The
 * JIT compiles rehearsed code for the meter classes it saw: with a {@code SimpleMeterRegistry}'s meters, the
 * first real tags failed class checks in the front's compiled intake (measured at the start of a run: 5 such traps
 * in {@code TagIntake} and {@code Counter.increment} in its first 3 s, each throwing away a compiled method with
 * all it had inlined, while every JVM was compiling).
 */
public final class ScratchMeters {

    private ScratchMeters() {
    }

    /** A new, empty registry of the kind the services export. */
    public static MeterRegistry registry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }
}
