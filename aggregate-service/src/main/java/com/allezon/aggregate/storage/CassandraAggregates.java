package com.allezon.aggregate.storage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import reactor.core.publisher.Mono;

/**
 * The {@code aggregates} table. One Cassandra partition per aggregate series (action + which filters + their
 * values), clustered by minute and by the Kafka partition that counted the row: every stream task owns its
 * rows and overwrites them with absolute values, so writers never conflict and a replay converges. A query
 * reads one partition and sums the rows of each minute.
 */
@Repository
public class CassandraAggregates implements AggregateSink, AggregateReader {

    private static final String SERIES = "action = ? AND dims = ? AND origin = ? AND brand_id = ? AND category_id = ?";

    private final CqlSession session;
    private final PreparedStatement insert;
    private final PreparedStatement selectRow;
    private final PreparedStatement selectRange;
    private final int ttlSeconds;
    private final Duration writeTimeout;
    private final Semaphore inFlight;

    public CassandraAggregates(CqlSession session, AggregateTableProperties table, AggregateStreamProperties stream) {
        this.session = session;
        this.ttlSeconds = Math.toIntExact(table.ttl().toSeconds());
        this.writeTimeout = stream.flushTimeout();
        this.inFlight = new Semaphore(stream.maxInFlightWrites());
        String name = createSchema(session, table);
        this.insert = session.prepare("INSERT INTO " + name + " (action, dims, origin, brand_id, category_id, minute,"
                + " source_partition, count, sum_price, last_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?");
        this.selectRow = session.prepare("SELECT count, sum_price, last_offset FROM " + name + " WHERE " + SERIES
                + " AND minute = ? AND source_partition = ?");
        this.selectRange = session.prepare("SELECT minute, count, sum_price FROM " + name + " WHERE " + SERIES
                + " AND minute >= ? AND minute < ?");
    }

    /** Creates the keyspace and the table when missing; returns the qualified table name. */
    static String createSchema(CqlSession session, AggregateTableProperties table) {
        String name = CassandraSchema.createKeyspace(session, table.keyspace(), table.replicationFactor())
                + ".aggregates";
        // absent filters are '' and dims (bit 0 origin, 1 brand_id, 2 category_id) tells them from a real ''
        CassandraSchema.change(session, "CREATE TABLE IF NOT EXISTS " + name + " ("
                + "action text, dims tinyint, origin text, brand_id text, category_id text,"
                + " minute timestamp, source_partition int,"
                + " count bigint, sum_price bigint, last_offset bigint,"
                + " PRIMARY KEY ((action, dims, origin, brand_id, category_id), minute, source_partition))"
                + " WITH CLUSTERING ORDER BY (minute ASC, source_partition ASC)"
                + " AND default_time_to_live = " + table.ttl().toSeconds());
        return name;
    }

    @Override
    public void writeAll(int sourcePartition, Map<AggregateKey, PartitionTotals> rows) {
        List<CompletableFuture<AsyncResultSet>> writes = new ArrayList<>(rows.size());
        long deadline = System.nanoTime() + writeTimeout.toNanos();
        try {
            for (Map.Entry<AggregateKey, PartitionTotals> row : rows.entrySet()) {
                if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw new IllegalStateException("Cassandra writes did not finish within " + writeTimeout);
                }
                AggregateKey key = row.getKey();
                PartitionTotals totals = row.getValue();
                CompletableFuture<AsyncResultSet> write = session.executeAsync(seriesBound(insert, key)
                                .setInstant(5, EventTimes.minuteStart(key.epochMinute()))
                                .setInt(6, sourcePartition)
                                .setLong(7, totals.count())
                                .setLong(8, totals.sumPrice())
                                .setLong(9, totals.lastOffset())
                                .setInt(10, ttlSeconds)
                                .setIdempotence(true)
                                .build())
                        .toCompletableFuture();
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
                .setInstant(5, EventTimes.minuteStart(key.epochMinute()))
                .setInt(6, sourcePartition)
                .build()).one();
        return row == null ? PartitionTotals.NONE
                : new PartitionTotals(row.getLong(0), row.getLong(1), row.getLong(2));
    }

    @Override
    public Mono<Map<Long, MinuteTotals>> minuteTotals(AggregateKey series, long fromMinute, long toMinute) {
        if (fromMinute >= toMinute) {
            return Mono.just(Map.of());
        }
        Map<Long, MinuteTotals> totals = new HashMap<>();
        CompletionStage<AsyncResultSet> first = session.executeAsync(seriesBound(selectRange, series)
                .setInstant(5, EventTimes.minuteStart(fromMinute))
                .setInstant(6, EventTimes.minuteStart(toMinute))
                .build());
        return Mono.fromCompletionStage(first.thenCompose(page -> sumPages(page, totals)));
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

    private static BoundStatementBuilder seriesBound(PreparedStatement statement, AggregateKey key) {
        return statement.boundStatementBuilder()
                .setString(0, key.action().name())
                .setByte(1, (byte) key.dimensions())
                .setString(2, orEmpty(key.origin()))
                .setString(3, orEmpty(key.brandId()))
                .setString(4, orEmpty(key.categoryId()));
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
