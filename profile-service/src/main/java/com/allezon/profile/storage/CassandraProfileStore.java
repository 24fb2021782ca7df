package com.allezon.profile.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.stereotype.Repository;

import com.allezon.model.Action;
import com.allezon.model.ProfileAnswer.StoredTag;
import com.allezon.model.ProfileQuery;
import com.allezon.model.UserTag;
import com.allezon.profile.config.CassandraSchemaProperties;
import com.allezon.web.CassandraSchema;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;

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

    private final CqlSession session;
    private final PreparedStatement insert;
    private final PreparedStatement newestSince;
    private final PreparedStatement newestTimes;
    private final PreparedStatement deleteOlder;

    public CassandraProfileStore(CqlSession session, CassandraSchemaProperties schema) {
        this.session = session;
        String table = createSchema(session, schema) + "." + TABLE;
        insert = session.prepare("INSERT INTO " + table + " (cookie, action, event_ns, seq, tag) VALUES (?, ?, ?, ?, ?)");
        newestSince = session.prepare("SELECT event_ns, seq, tag FROM " + table
                + " WHERE cookie = ? AND action = ? AND event_ns >= ? LIMIT " + ProfileQuery.MAX_TAGS);
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
    public Mono<List<StoredTag>> newestSince(String cookie, Action action, long fromEpochNanos) {
        return rows(() -> newestSince.bind(cookie, action.name(), fromEpochNanos).setIdempotent(true))
                .map(row -> new StoredTag(row.getLong(0), row.getLong(1), row.getString(2)))
                .collectList();
    }

    @Override
    public Mono<Void> save(UserTag tag, long sequence) {
        return execute(() -> insert.bind(tag.cookie(), tag.action().name(), tag.epochNanos(), sequence, tag.json())
                .setIdempotent(true)).then();
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
