package com.allezon.platform.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies of one kind of request in microseconds, measured from the intended send time. Responses
 * record from the network threads without locking; readers harvest the recorder into the run's total and
 * into the current sample of the live chart.
 */
final class LatencyTracker {

    private final Recorder recorder = new Recorder(3);
    private final Histogram total = new Histogram(3);
    private final Histogram sinceSample = new Histogram(3);
    private Histogram interval;

    void record(long micros) {
        recorder.recordValue(Math.max(0, micros));
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
