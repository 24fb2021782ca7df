package com.allezon.aggregate;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.allezon.aggregate.storage.AggregateSink;
import com.allezon.aggregate.storage.PartitionTotals;
import com.allezon.model.AggregateKey;
import com.allezon.model.MinuteTotals;

/** The Cassandra table in a map: (source partition, key) → absolute totals, overwritten like the real rows. */
public class InMemoryAggregateSink implements AggregateSink {

    public record Row(int sourcePartition, AggregateKey key) {
    }

    public final Map<Row, PartitionTotals> rows = new ConcurrentHashMap<>();
    public final AtomicInteger loads = new AtomicInteger();
    public volatile boolean failing;

    @Override
    public void writeAll(int sourcePartition, Map<AggregateKey, PartitionTotals> written) {
        if (failing) {
            throw new IllegalStateException("sink unavailable");
        }
        written.forEach((key, totals) -> rows.put(new Row(sourcePartition, key), totals));
    }

    @Override
    public PartitionTotals load(int sourcePartition, AggregateKey key) {
        loads.incrementAndGet();
        return rows.getOrDefault(new Row(sourcePartition, key), PartitionTotals.NONE);
    }

    /** What a query would read: the rows of all source partitions summed per key. */
    public Map<AggregateKey, MinuteTotals> summed() {
        Map<AggregateKey, MinuteTotals> totals = new HashMap<>();
        rows.forEach((row, t) -> totals.computeIfAbsent(row.key(), k -> new MinuteTotals()).add(t.count(), t.sumPrice()));
        return totals;
    }
}
