package com.allezon.aggregate.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.stereotype.Repository;

import com.allezon.aggregate.config.AggregateStreamProperties;
import com.allezon.aggregate.config.AggregateTableProperties;
import com.allezon.web.CassandraSchema;
import com.allezon.model.AggregateKey;
import com.allezon.model.EventTimes;
import com.allezon.model.MinuteTotals;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code aggregate_slots} table:
 * <pre>
 * PRIMARY KEY ((action, dims, bucket, slot), origin, brand_id, category_id, minute, source_partition)
 * </pre>
 * A Cassandra partition holds one 10-minute slot of the series of one action and filter combination whose
 * values hash to {@code bucket}; inside it, one series' minutes are contiguous. So one flush's rows (mostly
 * the same slot) fall into about a hundred partitions and go as single-partition unlogged batches (one
 * mutation each instead of one per row), and a query reads one slice per slot of its range. Every stream task owns the rows of its
 * source partition and overwrites them with absolute values, so writers never conflict and a replay
 * converges.
 */
@Repository
public class CassandraAggregates implements AggregateSink, AggregateReader {

    /** Minutes per partition. Fixed forever: readers compute it. */
    static final int SLOT_MINUTES = 10;
    /**
     * Partitions per slot, action and filter combination. Fixed forever: readers compute it. With 8, a flush
     * of one input partition at 1000 tags/s fills batches of ~100 rows (64 made them ~15 rows, so 4 times the
     * requests), and a partition stays near 40 MB at 10,000 tags/s while a busy slot still spreads over
     * 8 replicas sets.
     */
    static final int BUCKETS = 8;
    /** Rows per batch: a single-partition mutation of ten kilobytes or so. */
    static final int ROWS_PER_BATCH = 250;
    /** Slot slices one query reads at once (a week is 1008). */
    private static final int READ_CONCURRENCY = 16;

    private static final String SERIES = "action = ? AND dims = ? AND bucket = ? AND slot = ?"
            + " AND origin = ? AND brand_id = ? AND category_id = ?";

    private final CqlSession session;
    private final String name;
    private final PreparedStatement insert;
    private final PreparedStatement selectRow;
    private final PreparedStatement selectMinutes;
    private final int ttlSeconds;
    private final Duration writeTimeout;
    private final Semaphore inFlight;

    public CassandraAggregates(CqlSession session, AggregateTableProperties table, AggregateStreamProperties stream) {
        this.session = session;
        this.ttlSeconds = Math.toIntExact(table.ttl().toSeconds());
        this.writeTimeout = stream.flushTimeout();
        this.inFlight = new Semaphore(stream.maxInFlightWrites());
        this.name = createSchema(session, table);
        this.insert = session.prepare("INSERT INTO " + name + " (action, dims, bucket, slot, origin, brand_id,"
                + " category_id, minute, source_partition, count, sum_price, last_offset)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?");
        this.selectRow = session.prepare("SELECT count, sum_price, last_offset FROM " + name + " WHERE " + SERIES
                + " AND minute = ? AND source_partition = ?");
        this.selectMinutes = session.prepare("SELECT minute, count, sum_price FROM " + name + " WHERE " + SERIES
                + " AND minute >= ? AND minute < ?");
    }

    /**
     * Removes every row (for scratch tables only: the rehearsal's). Blocks; Cassandra's own truncate timeout
     * applies, not the driver's request timeout.
     */
    public void truncate(Duration timeout) {
        session.execute(SimpleStatement.newInstance("TRUNCATE " + name).setTimeout(timeout));
    }

    /** Creates the keyspace and the table when missing; returns the qualified table name. */
    static String createSchema(CqlSession session, AggregateTableProperties table) {
        String name = CassandraSchema.createKeyspace(session, table.keyspace(), table.replicationFactor())
                + ".aggregate_slots";
        // absent filters are '' and dims (bit 0 origin, 1 brand_id, 2 category_id) tells them from a real ''
        CassandraSchema.change(session, "CREATE TABLE IF NOT EXISTS " + name + " ("
                + "action text, dims tinyint, bucket smallint, slot timestamp,"
                + " origin text, brand_id text, category_id text, minute timestamp, source_partition int,"
                + " count bigint, sum_price bigint, last_offset bigint,"
                + " PRIMARY KEY ((action, dims, bucket, slot), origin, brand_id, category_id, minute, source_partition))"
                + " WITH default_time_to_live = " + table.ttl().toSeconds());
        return name;
    }

    /** The bucket of a series: a stable hash of its filter values (String.hashCode is specified). */
    static int bucket(AggregateKey key) {
        if (key.dimensions() == 0) {
            return 0;
        }
        int hash = orEmpty(key.origin()).hashCode();
        hash = 31 * hash + orEmpty(key.brandId()).hashCode();
        hash = 31 * hash + orEmpty(key.categoryId()).hashCode();
        return Math.floorMod(hash ^ (hash >>> 16), BUCKETS);
    }

    @Override
    public void writeAll(int sourcePartition, Map<AggregateKey, PartitionTotals> rows) {
        Map<PartitionOf, BatchStatementBuilder> open = new LinkedHashMap<>();
        List<BatchStatement> batches = new ArrayList<>();
        for (Map.Entry<AggregateKey, PartitionTotals> row : rows.entrySet()) {
            AggregateKey key = row.getKey();
            PartitionTotals totals = row.getValue();
            PartitionOf partition = PartitionOf.of(key);
            BatchStatementBuilder batch = open.computeIfAbsent(partition,
                    p -> new BatchStatementBuilder(BatchType.UNLOGGED).setIdempotence(true));
            batch.addStatement(seriesBound(insert, key, partition.bucket())
                    .setInstant(7, EventTimes.minuteStart(key.epochMinute()))
                    .setInt(8, sourcePartition)
                    .setLong(9, totals.count())
                    .setLong(10, totals.sumPrice())
                    .setLong(11, totals.lastOffset())
                    .setInt(12, ttlSeconds)
                    .build());
            if (batch.getStatementsCount() >= ROWS_PER_BATCH) {
                batches.add(batch.build());
                open.remove(partition);
            }
        }
        open.values().forEach(batch -> batches.add(batch.build()));
        executeAll(batches);
    }

    private void executeAll(List<BatchStatement> batches) {
        List<CompletableFuture<AsyncResultSet>> writes = new ArrayList<>(batches.size());
        long deadline = System.nanoTime() + writeTimeout.toNanos();
        try {
            for (BatchStatement batch : batches) {
                if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw new IllegalStateException("Cassandra writes did not finish within " + writeTimeout);
                }
                CompletableFuture<AsyncResultSet> write = session.executeAsync(batch).toCompletableFuture();
                write.whenComplete((result, error) -> inFlight.release());
                writes.add(write);
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing aggregates", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Writing aggregates failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Cassandra writes did not finish within " + writeTimeout, e);
        }
    }

    @Override
    public PartitionTotals load(int sourcePartition, AggregateKey key) {
        Row row = session.execute(seriesBound(selectRow, key)
                .setInstant(7, EventTimes.minuteStart(key.epochMinute()))
                .setInt(8, sourcePartition)
                .build()).one();
        return row == null ? PartitionTotals.NONE
                : new PartitionTotals(row.getLong(0), row.getLong(1), row.getLong(2));
    }

    @Override
    public Mono<Map<Long, MinuteTotals>> minuteTotals(AggregateKey series, long fromMinute, long toMinute) {
        if (fromMinute >= toMinute) {
            return Mono.just(Map.of());
        }
        List<long[]> slices = new ArrayList<>();
        for (long slot = Math.floorDiv(fromMinute, SLOT_MINUTES); slot * SLOT_MINUTES < toMinute; slot++) {
            slices.add(new long[] {Math.max(fromMinute, slot * SLOT_MINUTES), Math.min(toMinute, (slot + 1) * SLOT_MINUTES)});
        }
        return Flux.fromIterable(slices)
                .flatMap(slice -> Mono.fromCompletionStage(() -> session.executeAsync(
                                seriesBound(selectMinutes, series.atMinute(slice[0]))
                                        .setInstant(7, EventTimes.minuteStart(slice[0]))
                                        .setInstant(8, EventTimes.minuteStart(slice[1]))
                                        .setIdempotence(true)
                                        .build())
                        .thenCompose(page -> sumPages(page, new HashMap<>()))), READ_CONCURRENCY)
                .<Map<Long, MinuteTotals>>collect(HashMap::new, Map::putAll);
    }

    private static CompletionStage<Map<Long, MinuteTotals>> sumPages(AsyncResultSet page, Map<Long, MinuteTotals> totals) {
        for (Row row : page.currentPage()) {
            long minute = EventTimes.epochMinute(row.getInstant(0));
            totals.computeIfAbsent(minute, m -> new MinuteTotals()).add(row.getLong(1), row.getLong(2));
        }
        return page.hasMorePages()
                ? page.fetchNextPage().thenCompose(next -> sumPages(next, totals))
                : CompletableFuture.completedFuture(totals);
    }

    /** Binds the partition key and the series' clustering prefix, in the order of {@link #SERIES}. */
    private static BoundStatementBuilder seriesBound(PreparedStatement statement, AggregateKey key) {
        return seriesBound(statement, key, bucket(key));
    }

    private static BoundStatementBuilder seriesBound(PreparedStatement statement, AggregateKey key, int bucket) {
        return statement.boundStatementBuilder()
                .setString(0, key.action().name())
                .setByte(1, (byte) key.dimensions())
                .setShort(2, (short) bucket)
                .setInstant(3, slotStart(key.epochMinute()))
                .setString(4, orEmpty(key.origin()))
                .setString(5, orEmpty(key.brandId()))
                .setString(6, orEmpty(key.categoryId()));
    }

    private static Instant slotStart(long epochMinute) {
        return EventTimes.minuteStart(Math.floorDiv(epochMinute, SLOT_MINUTES) * SLOT_MINUTES);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** The Cassandra partition of a row. */
    private record PartitionOf(String action, int dims, int bucket, long slot) {
        static PartitionOf of(AggregateKey key) {
            return new PartitionOf(key.action().name(), key.dimensions(), CassandraAggregates.bucket(key),
                    Math.floorDiv(key.epochMinute(), SLOT_MINUTES));
        }
    }
}
