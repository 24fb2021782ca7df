package com.allezon.aggregate.stream;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** What the counting stream reports besides Kafka Streams' own client metrics. */
public final class StreamMeters {

    private final Counter poisonTags;
    private final Counter lateTags;
    private final Counter flushFailures;
    private final Counter writtenTotals;
    private final Timer flushes;

    public StreamMeters(MeterRegistry registry) {
        poisonTags = Counter.builder("allezon.poison.tags")
                .description("Tags that could not be parsed, sent to the dead-letter topic")
                .register(registry);
        lateTags = Counter.builder("allezon.aggregate.late.tags")
                .description("Tags for a minute already dropped from the store (counted after reloading its total)")
                .register(registry);
        flushFailures = Counter.builder("allezon.aggregate.flush.failures")
                .description("Flushes to Cassandra that failed and were retried")
                .register(registry);
        writtenTotals = Counter.builder("allezon.aggregate.written.totals")
                .description("Absolute totals written to Cassandra")
                .register(registry);
        flushes = Timer.builder("allezon.aggregate.flush")
                .description("Time to write the changed totals of one task")
                .register(registry);
    }

    void poisonTag() {
        poisonTags.increment();
    }

    void lateTag() {
        lateTags.increment();
    }

    void flushFailed() {
        flushFailures.increment();
    }

    void flushed(int totals, long nanos) {
        writtenTotals.increment(totals);
        flushes.record(nanos, TimeUnit.NANOSECONDS);
    }

    public double poisonTags() {
        return poisonTags.count();
    }

    public double lateTags() {
        return lateTags.count();
    }
}
