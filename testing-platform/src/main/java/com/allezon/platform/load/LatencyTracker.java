package com.allezon.platform.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies of one kind of request in microseconds, measured from the intended send time. Responses
 * record from the network threads; {@link #tick()} harvests the interval for live charts and adds it to the
 * run's total.
 */
final class LatencyTracker {

    private final Recorder recorder = new Recorder(3);
    private final Histogram total = new Histogram(3);
    private Histogram interval;

    void record(long micros) {
        recorder.recordValue(Math.max(0, micros));
    }

    /** The latencies recorded since the previous tick. */
    synchronized Histogram tick() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return interval.copy();
    }

    synchronized Histogram total() {
        tick();
        return total.copy();
    }
}
