package com.allezon.profile.rehearsal;

import static com.allezon.web.WarmupSamples.COOKIE_PREFIXES;
import static com.allezon.web.WarmupSamples.pick;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

import com.allezon.model.JitActivity;
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
import com.allezon.web.ScratchTopics;
import com.allezon.web.WarmupSamples;
import com.datastax.oss.driver.api.core.CqlSession;

import reactor.core.publisher.Flux;

/**
 * Before profile-service reports ready, its two paths run for real on scratch data: rounds of tags are sent to
 * a scratch topic and consumed by a listener container from the same factory as the real one, whose
 * {@link UserTagListener} stores them into a {@link CassandraProfileStore} on a scratch keyspace (same table,
 * same statements, trims included); after each round, profiles are answered from it by
 * {@link ProfileController#answer}: at least the configured number of tags, then on until this JVM's JIT has
 * settled (so that the rehearsal lasts as long as this machine needs). A cold start otherwise compiled this
 * code (the Kafka consumer's too: the rehearsal once called the listener directly, and profile-service's
 * compiler then ran at 20-45 % of a core for the first minute of an acceptance run), and Cassandra's write
 * and read paths, while the first real tags and queries waited.
 * <p>
 * Every start sends the same cookies and event times; trims keep each cookie's scratch rows bounded, and the
 * scratch topic keeps records for {@link ScratchTopics#RETENTION}. Failures only end the rehearsal early; it
 * never keeps the service from starting.
 */
@Component
@Order(0) // before the HTTP SelfWarmup, so that its queries meet a warm store
class ProfilePathRehearsal implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ProfilePathRehearsal.class);
    static final int BATCH = 500;
    static final int COOKIES = 50;
    static final String GROUP_SUFFIX = "-rehearsal";
    static final int LAG_ROUNDS = 2;
    private static final Duration STORED_POLL = Duration.ofMillis(5);
    /** A round's queries may finish past the deadline: the deadline only ends the rounds. */
    private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(30);
    private static final Instant START = Instant.parse("2022-03-01T00:00:00Z");

    private final CqlSession session;
    private final CassandraSchemaProperties schema;
    private final DeadLetters deadLetters;
    private final IngestProperties ingest;
    private final RehearsalProperties rehearsal;
    private final KafkaAdmin admin;
    private final KafkaTemplate<String, byte[]> kafka;
    private final ConcurrentKafkaListenerContainerFactory<?, ?> containers;

    ProfilePathRehearsal(CqlSession session, CassandraSchemaProperties schema, DeadLetters deadLetters,
                         IngestProperties ingest, RehearsalProperties rehearsal, KafkaAdmin admin,
                         KafkaTemplate<String, byte[]> kafka, ConcurrentKafkaListenerContainerFactory<?, ?> containers) {
        this.session = session;
        this.schema = schema;
        this.deadLetters = deadLetters;
        this.ingest = ingest;
        this.rehearsal = rehearsal;
        this.admin = admin;
        this.kafka = kafka;
        this.containers = containers;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!rehearsal.enabled()) {
            return;
        }
        if (rehearsal.keyspace().equals(schema.keyspace()) || rehearsal.topic().equals(ingest.topic())) {
            throw new IllegalStateException("allezon.rehearsal.keyspace and topic must not be the real ones: "
                    + schema.keyspace() + ", " + ingest.topic());
        }
        long started = System.nanoTime();
        long deadline = started + rehearsal.maxDuration().toNanos();
        int tags = 0;
        int queries = 0;
        AtomicLong stored = new AtomicLong();
        MessageListenerContainer container = null;
        try {
            // as many partitions as the real topic: as many consumers and batches per poll as real traffic gets
            int partitions = kafka.partitionsFor(ingest.topic()).size();
            admin.createOrModifyTopics(TopicBuilder.name(rehearsal.topic()).partitions(partitions)
                    .configs(ScratchTopics.configs()).build());
            ProfileStore scratch = new CassandraProfileStore(session,
                    new CassandraSchemaProperties(rehearsal.keyspace(), schema.replicationFactor()));
            UserTagListener listener = new UserTagListener(scratch, deadLetters, ingest);
            container = container(records -> {
                listener.onBatch(records);
                stored.addAndGet(records.size());
            });
            container.start();
            JitActivity jit = JitActivity.start();
            while (!(jit.settled(JitActivity.SERVICE_PERIOD, JitActivity.SERVICE_SHARE) && tags >= rehearsal.tags())
                    && System.nanoTime() < deadline) {
                records(tags, BATCH).forEach(kafka::send);
                kafka.flush();
                tags += BATCH;
                // pipelined: the listener may be up to LAG_ROUNDS rounds behind, as a real one is under load
                awaitStored(stored, tags - LAG_ROUNDS * BATCH);
                queries += Flux.fromIterable(queries(tags, BATCH / 10))
                        .flatMap(query -> ProfileController.answer(scratch, query), 16)
                        .count().block(ROUND_TIMEOUT);
            }
            awaitStored(stored, tags);
        } catch (RuntimeException e) {
            log.warn("Profile path rehearsal ended early: {}", e.toString());
        } finally {
            if (container != null) {
                container.stop();
            }
        }
        log.info("Rehearsed the profile path with topic {} and keyspace {}: {} tags sent, {} stored, {} profiles"
                        + " answered in {} ms", rehearsal.topic(), rehearsal.keyspace(), tags, stored.get(), queries,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * A listener container as the real one is (the same factory: batches, ack mode, error handler, consumer
     * settings) on the scratch topic, with a group of its own.
     */
    @SuppressWarnings("unchecked")
    private MessageListenerContainer container(BatchMessageListener<String, byte[]> listener) {
        ConcurrentMessageListenerContainer<String, byte[]> container =
                (ConcurrentMessageListenerContainer<String, byte[]>) (Object) containers.createContainer(rehearsal.topic());
        container.getContainerProperties().setGroupId(ingest.groupId() + GROUP_SUFFIX);
        container.getContainerProperties().setMessageListener(listener);
        container.setConcurrency(ingest.concurrency());
        container.setBeanName("profile-rehearsal");
        return container;
    }

    /** Waits until the scratch listener has stored {@code count} tags, at most {@link #ROUND_TIMEOUT}. */
    private static void awaitStored(AtomicLong stored, long count) {
        long until = System.nanoTime() + ROUND_TIMEOUT.toNanos();
        while (stored.get() < count) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("the scratch listener stored " + stored.get() + " of " + count
                        + " tags within " + ROUND_TIMEOUT);
            }
            LockSupport.parkNanos(STORED_POLL.toNanos());
        }
    }

    /** Scratch tags {@code first .. first + count - 1} for the scratch topic: tag i is 1 ms after tag i - 1;
     * every cookie gets tags in turn, a BUY among each 10 of them; values as varied as {@link WarmupSamples#tagJson}. */
    List<ProducerRecord<String, byte[]>> records(int first, int count) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(count);
        for (int i = first; i < first + count; i++) {
            String cookie = cookie(i);
            byte[] json = WarmupSamples.tagJson(i, START.plusMillis(i), cookie, i / COOKIES % 10 == 0)
                    .getBytes(StandardCharsets.UTF_8);
            records.add(new ProducerRecord<>(rehearsal.topic(), cookie, json));
        }
        return records;
    }

    /**
     * Queries about the tags stored so far: the last seconds of cookies in turn, limits from 0 to 200. Real traffic
     * asks with limit 0 too, whose empty answer is another {@code List} class: without it here, the first such
     * query of a run failed class checks in the compiled answer rendering (4 traps in {@code ProfileAnswer.appendAll}
     * in a run's first 3 s, LogCompilation).
     */
    static List<ProfileQuery> queries(int storedTags, int count) {
        List<ProfileQuery> queries = new ArrayList<>(count);
        for (int q = 0; q < count; q++) {
            int to = storedTags - q * 7;
            int from = Math.max(0, to - 1000 - q * 97);
            queries.add(new ProfileQuery(cookie(storedTags + q),
                    new TimeRange(START.plusMillis(from), START.plusMillis(Math.max(from, to))), (q * 37) % 201));
        }
        return queries;
    }

    /** The cookies take the {@link WarmupSamples#COOKIE_PREFIXES} in turn: rehearsal-0, then non-ASCII ones, ... */
    static String cookie(int i) {
        int n = i % COOKIES;
        return pick(COOKIE_PREFIXES, n) + n;
    }
}
