package com.allezon.profile.rehearsal;

import static com.allezon.web.WarmupSamples.COOKIE_PREFIXES;
import static com.allezon.web.WarmupSamples.COUNTRIES;
import static com.allezon.web.WarmupSamples.DEVICES;
import static com.allezon.web.WarmupSamples.pick;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import com.allezon.model.EventTimes;
import com.allezon.model.JitActivity;
import com.allezon.model.Json;
import com.allezon.model.ProfileQuery;
import com.allezon.model.TimeRange;
import com.allezon.profile.config.CassandraSchemaProperties;
import com.allezon.profile.config.IngestProperties;
import com.allezon.profile.config.RehearsalProperties;
import com.allezon.profile.ingest.DeadLetters;
import com.allezon.profile.ingest.UserTagListener;
import com.allezon.profile.storage.CassandraProfileStore;
import com.allezon.profile.storage.ProfileStore;
import com.allezon.profile.web.ProfileController;
import com.allezon.web.WarmupSamples;
import com.datastax.oss.driver.api.core.CqlSession;

import reactor.core.publisher.Flux;

/**
 * Before profile-service reports ready, its two paths run for real on scratch data: batches of tags go
 * through the {@link UserTagListener} into a {@link CassandraProfileStore} on a scratch keyspace (same
 * table, same statements, trims included), and after each batch profiles are answered from it by
 * {@link ProfileController#answer}: at least the configured number of tags, then on until this JVM's JIT
 * has settled (so that the rehearsal lasts as long as this machine needs). A cold start otherwise compiled this code, and Cassandra's write and read
 * paths, while the first real tags and queries waited.
 * <p>
 * The scratch rows are the same on every start (same cookies, times and sequences), so the keyspace does not
 * grow. Failures only end the rehearsal early; it never keeps the service from starting.
 */
@Component
@Order(0) // before the HTTP SelfWarmup, so that its queries meet a warm store
class ProfilePathRehearsal implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ProfilePathRehearsal.class);
    static final int BATCH = 500;
    static final int COOKIES = 50;
    static final String TOPIC = "rehearsal";
    /** A round's queries may finish past the deadline: the deadline only ends the rounds. */
    private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(30);
    private static final Instant START = Instant.parse("2022-03-01T00:00:00Z");

    private final CqlSession session;
    private final CassandraSchemaProperties schema;
    private final DeadLetters deadLetters;
    private final IngestProperties ingest;
    private final RehearsalProperties rehearsal;

    ProfilePathRehearsal(CqlSession session, CassandraSchemaProperties schema, DeadLetters deadLetters,
                         IngestProperties ingest, RehearsalProperties rehearsal) {
        this.session = session;
        this.schema = schema;
        this.deadLetters = deadLetters;
        this.ingest = ingest;
        this.rehearsal = rehearsal;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!rehearsal.enabled()) {
            return;
        }
        if (rehearsal.keyspace().equals(schema.keyspace())) {
            throw new IllegalStateException("allezon.rehearsal.keyspace must not be the real keyspace " + schema.keyspace());
        }
        long started = System.nanoTime();
        long deadline = started + rehearsal.maxDuration().toNanos();
        int tags = 0;
        int queries = 0;
        try {
            ProfileStore scratch = new CassandraProfileStore(session,
                    new CassandraSchemaProperties(rehearsal.keyspace(), schema.replicationFactor()));
            UserTagListener listener = new UserTagListener(scratch, deadLetters, ingest);
            JitActivity jit = JitActivity.start();
            while (!(jit.settled(JitActivity.SERVICE_PERIOD, JitActivity.SERVICE_SHARE) && tags >= rehearsal.tags())
                    && System.nanoTime() < deadline) {
                listener.onBatch(records(tags, BATCH));
                tags += BATCH;
                queries += Flux.fromIterable(queries(tags, BATCH / 10))
                        .flatMap(query -> ProfileController.answer(scratch, query), 16)
                        .count().block(ROUND_TIMEOUT);
            }
        } catch (RuntimeException e) {
            log.warn("Profile path rehearsal ended early: {}", e.toString());
        }
        log.info("Rehearsed the profile path in keyspace {}: {} tags stored, {} profiles answered in {} ms",
                rehearsal.keyspace(), tags, queries, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** Scratch tags {@code first .. first + count - 1}: tag i is 1 ms after tag i - 1; every cookie
     * gets tags in turn, a BUY among each 10 of them. */
    static List<ConsumerRecord<String, byte[]>> records(int first, int count) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(count);
        for (int i = first; i < first + count; i++) {
            String cookie = cookie(i);
            String json = "{\"time\":\"" + EventTimes.formatTagTime(START.plusMillis(i)) + "\",\"cookie\":"
                    + Json.quote(cookie) + ",\"country\":\"" + pick(COUNTRIES, i) + "\",\"device\":\""
                    + pick(DEVICES, i) + "\",\"action\":\"" + (i / COOKIES % 10 == 0 ? "BUY" : "VIEW")
                    + "\",\"origin\":\"o" + i % 100 + "\",\"product_info\":{\"product_id\":" + i
                    + ",\"brand_id\":\"b" + i % 7 + "\",\"category_id\":\"c" + i % 5 + "\",\"price\":" + i + "}}";
            records.add(new ConsumerRecord<>(TOPIC, i % 8, i / 8, cookie, json.getBytes(StandardCharsets.UTF_8)));
        }
        return records;
    }

    /** Queries about the tags stored so far: the last seconds of cookies in turn, limits from 1 to 200. */
    static List<ProfileQuery> queries(int storedTags, int count) {
        List<ProfileQuery> queries = new ArrayList<>(count);
        for (int q = 0; q < count; q++) {
            int to = storedTags - q * 7;
            int from = Math.max(0, to - 1000 - q * 97);
            queries.add(new ProfileQuery(cookie(storedTags + q),
                    new TimeRange(START.plusMillis(from), START.plusMillis(Math.max(from, to))), 1 + (q * 37) % 200));
        }
        return queries;
    }

    /** The cookies take the {@link WarmupSamples#COOKIE_PREFIXES} in turn: rehearsal-0, then non-ASCII ones, ... */
    static String cookie(int i) {
        int n = i % COOKIES;
        return pick(COOKIE_PREFIXES, n) + n;
    }
}
