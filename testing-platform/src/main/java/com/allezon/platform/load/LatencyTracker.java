package com.allezon.platform.load;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies of one kind of request in microseconds, measured from the intended send time. Responses
 * record from the network threads without locking; readers harvest the recorder into the run's total and
 * into the current sample of the live chart.
 */
final class LatencyTracker {

    /**
     * The longest latency told apart (longer ones count as this): no answer is awaited this long. Sized up front,
     * as the histograms' first resize came with the first late answer, when the target was slowest.
     */
    static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);
    private static final int DIGITS = 3;

    private final Recorder recorder = new Recorder(MAX_MICROS, DIGITS);
    private final Histogram total = new Histogram(MAX_MICROS, DIGITS);
    private final Histogram sinceSample = new Histogram(MAX_MICROS, DIGITS);
    private Histogram interval;

    void record(long micros) {
        recorder.recordValue(Math.max(0, Math.min(MAX_MICROS, micros)));
    }

    private void harvest() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        sinceSample.add(interval);
    }

    /** The latencies recorded since the previous sample. */
    synchronized Histogram takeSample() {
        harvest();
        Histogram sample = sinceSample.copy();
        sinceSample.reset();
        return sample;
    }

    synchronized Histogram total() {
        harvest();
        return total.copy();
    }
}
