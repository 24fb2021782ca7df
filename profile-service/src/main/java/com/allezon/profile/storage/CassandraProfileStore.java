package com.allezon.profile.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.stereotype.Repository;

import com.allezon.model.Action;
import com.allezon.model.ProfileAnswer.StoredTag;
import com.allezon.model.ProfileQuery;
import com.allezon.model.UserTag;
import com.allezon.profile.config.CassandraSchemaProperties;
import com.allezon.web.CassandraSchema;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Profiles in one Cassandra table, a partition per cookie and action, rows newest first:
 * <pre>
 * CREATE TABLE profile_tags (cookie text, action text, event_ns bigint, seq bigint, tag text,
 *   PRIMARY KEY ((cookie, action), event_ns, seq)) WITH CLUSTERING ORDER BY (event_ns DESC, seq DESC)
 * </pre>
 * {@code seq} is the Kafka position of the record, so a replay rewrites the same row. Every statement is
 * prepared and runs asynchronously.
 */
@Repository
public class CassandraProfileStore implements ProfileStore {

    static final String TABLE = "profile_tags";
    /** The row just past the newest {@code MAX_TAGS}: rows older than it can never rank among them. */
    private static final int FIRST_DISPOSABLE_RANK = ProfileQuery.MAX_TAGS + 1;

    /** Tags per batch at most. */
    static final int BATCH_STATEMENTS = 64;
    /** Tag text per batch at most: well under Cassandra's default batch_size_fail_threshold (50 KiB). */
    static final int BATCH_BYTES = 32 * 1024;
    private static final int BATCH_CONCURRENCY = 16;

    private final CqlSession session;
    private final CqlIdentifier keyspace;
    private final PreparedStatement insert;
    private final PreparedStatement newestSince;
    private final PreparedStatement newestTimes;
    private final PreparedStatement deleteOlder;

    public CassandraProfileStore(CqlSession session, CassandraSchemaProperties schema) {
        this.session = session;
        String keyspaceName = createSchema(session, schema);
        keyspace = CqlIdentifier.fromCql(keyspaceName);
        String table = keyspaceName + "." + TABLE;
        insert = session.prepare("INSERT INTO " + table + " (cookie, action, event_ns, seq, tag) VALUES (?, ?, ?, ?, ?)");
        newestSince = session.prepare("SELECT event_ns, seq, tag FROM " + table
                + " WHERE cookie = ? AND action = ? AND event_ns >= ? LIMIT ?");
        newestTimes = session.prepare("SELECT event_ns FROM " + table
                + " WHERE cookie = ? AND action = ? LIMIT " + FIRST_DISPOSABLE_RANK);
        deleteOlder = session.prepare("DELETE FROM " + table + " WHERE cookie = ? AND action = ? AND event_ns < ?");
    }

    /** Creates the keyspace and table when missing; returns the keyspace name to qualify tables with. */
    static String createSchema(CqlSession session, CassandraSchemaProperties schema) {
        String keyspace = CassandraSchema.createKeyspace(session, schema.keyspace(), schema.replicationFactor());
        CassandraSchema.change(session, "CREATE TABLE IF NOT EXISTS " + keyspace + "." + TABLE
                + " (cookie text, action text, event_ns bigint, seq bigint, tag text,"
                + " PRIMARY KEY ((cookie, action), event_ns, seq))"
                + " WITH CLUSTERING ORDER BY (event_ns DESC, seq DESC)");
        return keyspace;
    }

    @Override
    public Mono<List<StoredTag>> newestSince(String cookie, Action action, long fromEpochNanos, int maxTags) {
        int limit = Math.max(1, Math.min(maxTags, ProfileQuery.MAX_TAGS));
        return rows(() -> newestSince.bind(cookie, action.name(), fromEpochNanos, limit).setIdempotent(true))
                .map(row -> new StoredTag(row.getLong(0), row.getLong(1), row.getString(2)))
                .collectList();
    }

    @Override
    public Mono<Void> save(UserTag tag, long sequence) {
        return execute(() -> insert.bind(tag.cookie(), tag.action().name(), tag.epochNanos(), sequence, tag.json())
                .setIdempotent(true)).then();
    }

    /**
     * Unlogged batches of tags whose partitions share a replica (all of them on one node), at most
     * {@link #BATCH_STATEMENTS} tags and {@link #BATCH_BYTES} of tag text each: one Cassandra request per
     * batch instead of one per tag. A tag too big to share a batch goes alone.
     */
    @Override
    public Mono<Void> saveAll(List<SequencedTag> tags) {
        // by the first replica of each tag's partition; null when the token map is not known
        Map<Node, List<Write>> byReplica = new LinkedHashMap<>();
        List<Statement<?>> requests = new ArrayList<>();
        Optional<TokenMap> tokens = session.getMetadata().getTokenMap();
        for (SequencedTag t : tags) {
            UserTag tag = t.tag();
            BoundStatement write = insert.bind(tag.cookie(), tag.action().name(), tag.epochNanos(), t.sequence(),
                    tag.json()).setIdempotent(true);
            int bytes = utf8Length(tag.json()) + utf8Length(tag.cookie()) + 32;
            if (bytes > BATCH_BYTES / 2) {
                requests.add(write);
                continue;
            }
            ByteBuffer routingKey = write.getRoutingKey();
            Node replica = routingKey == null ? null
                    : tokens.flatMap(map -> map.getReplicas(keyspace, routingKey).stream().findFirst()).orElse(null);
            byReplica.computeIfAbsent(replica, r -> new ArrayList<>()).add(new Write(write, bytes));
        }
        for (List<Write> writes : byReplica.values()) {
            List<BoundStatement> batch = new ArrayList<>();
            int bytes = 0;
            for (Write write : writes) {
                if (batch.size() >= BATCH_STATEMENTS || bytes + write.bytes() > BATCH_BYTES) {
                    requests.add(batchOf(batch));
                    batch = new ArrayList<>();
                    bytes = 0;
                }
                batch.add(write.statement());
                bytes += write.bytes();
            }
            if (!batch.isEmpty()) {
                requests.add(batchOf(batch));
            }
        }
        return Flux.fromIterable(requests).flatMap(request -> execute(() -> request), BATCH_CONCURRENCY).then();
    }

    private record Write(BoundStatement statement, int bytes) {
    }

    /** Bytes of the text in UTF-8, without encoding it (the driver does that once, when it sends). */
    static int utf8Length(String text) {
        int bytes = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 2; // 4 bytes for the 2 chars of a pair
                i++;
            } else if (c >= 0x800) {
                bytes += 2;
            } else if (c >= 0x80) {
                bytes += 1;
            }
        }
        return bytes;
    }

    private static Statement<?> batchOf(List<BoundStatement> writes) {
        return writes.size() == 1 ? writes.get(0)
                : BatchStatement.newInstance(BatchType.UNLOGGED, writes.toArray(BoundStatement[]::new)).setIdempotent(true);
    }

    @Override
    public Mono<Void> trim(String cookie, Action action) {
        return rows(() -> newestTimes.bind(cookie, action.name()).setIdempotent(true))
                .map(row -> row.getLong(0))
                .collectList()
                .flatMap(times -> {
                    if (times.size() < FIRST_DISPOSABLE_RANK) {
                        return Mono.empty();
                    }
                    // Strictly older than the 201st newest: ties with it stay, so no newest-200 row goes.
                    long oldestKept = times.get(FIRST_DISPOSABLE_RANK - 1);
                    return execute(() -> deleteOlder.bind(cookie, action.name(), oldestKept).setIdempotent(true));
                })
                .then();
    }

    private Mono<AsyncResultSet> execute(Supplier<Statement<?>> statement) {
        return Mono.fromCompletionStage(() -> session.executeAsync(statement.get()));
    }

    /** All rows of a query, following pages (a page normally holds them all). */
    private Flux<Row> rows(Supplier<Statement<?>> statement) {
        return execute(statement)
                .expand(page -> page.hasMorePages() ? Mono.fromCompletionStage(page.fetchNextPage()) : Mono.empty())
                .concatMapIterable(page -> {
                    List<Row> rows = new ArrayList<>(page.remaining());
                    page.currentPage().forEach(rows::add);
                    return rows;
                });
    }
}
