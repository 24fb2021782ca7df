package com.allezon.aggregate.storage;

import java.util.Map;

import com.allezon.model.AggregateKey;

/** Where the stream keeps the totals of each input partition; every write is an absolute value. */
public interface AggregateSink {

    /**
     * Writes the rows of one input partition and returns once all are durable.
     *
     * @throws RuntimeException when any write failed; the caller writes the same rows again later
     */
    void writeAll(int sourcePartition, Map<AggregateKey, PartitionTotals> rows);

    /** The row of one input partition, or {@link PartitionTotals#NONE} when there is none. */
    PartitionTotals load(int sourcePartition, AggregateKey key);
}
