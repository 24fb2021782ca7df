package com.allezon.aggregate.rehearsal;

import static com.allezon.web.WarmupSamples.COOKIE_PREFIXES;
import static com.allezon.web.WarmupSamples.pick;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import com.allezon.aggregate.config.AggregateStreamProperties;
import com.allezon.aggregate.config.AggregateTableProperties;
import com.allezon.aggregate.config.RehearsalProperties;
import com.allezon.aggregate.storage.CassandraAggregates;
import com.allezon.aggregate.stream.AggregateStream;
import com.allezon.aggregate.stream.AggregateTopology;
import com.allezon.aggregate.stream.StreamMeters;
import com.allezon.model.AggregateAnswer;
import com.allezon.model.AggregateKey;
import com.allezon.model.AggregateQuery;
import com.allezon.model.EventTimes;
import com.allezon.model.JitActivity;
import com.allezon.web.ScratchMeters;
import com.allezon.web.ScratchTopics;
import com.allezon.web.WarmupSamples;
import com.datastax.oss.driver.api.core.CqlSession;

import reactor.core.publisher.Flux;

/**
 * Before aggregate-service reports ready, its two paths run for real on scratch data: tags as varied as a
 * real day's are produced to a scratch topic and counted by a second Kafka Streams client with the same
 * topology (its own application id) into a {@link CassandraAggregates} on a scratch keyspace, flushed every
 * {@link #FLUSH_INTERVAL}; after each round, aggregates are answered from that keyspace by the code the
 * controller uses. At least the configured number of tags, then on until this JVM's JIT has settled. A cold
 * start otherwise compiled the stream's and the flush's code here, and Cassandra's batch writes, while the
 * first real tags waited for the CPU (measured: this JVM's compiler threads at 10-35 % of a core, Cassandra's
 * at 20-60 %, for the first minute of an acceptance run).
 * <p>
 * Each start counts tags of its own minutes (event time from the start's wall-clock minute), so totals of an
 * earlier start are never reloaded as late ones; scratch rows live {@link #SCRATCH_TTL}, scratch tags
 * {@link ScratchTopics#RETENTION}. Failures only end
 * the rehearsal early; it never keeps the service from starting.
 */
@Component
@Order(0) // before the HTTP SelfWarmup
class AggregatePathRehearsal implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AggregatePathRehearsal.class);
    static final int ROUND = 1000;
    static final int COOKIES = 5000;
    /** Tag i is a BUY when i % 10 is this. */
    static final int BUY_INDEX = 3;
    static final Duration FLUSH_INTERVAL = Duration.ofSeconds(2);
    static final Duration SCRATCH_TTL = Duration.ofHours(1);
    /** Cassandra's own truncate timeout is 60 s; the driver's default request timeout (2 s) is too short. */
    private static final Duration TRUNCATE_TIMEOUT = Duration.ofSeconds(60);
    static final String APPLICATION_ID_SUFFIX = "-rehearsal";
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** A round's queries may finish past the deadline: the deadline only ends the rounds. */
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(30);

    private final CqlSession session;
    private final AggregateStreamProperties stream;
    private final AggregateTableProperties table;
    private final RehearsalProperties rehearsal;

    AggregatePathRehearsal(CqlSession session, AggregateStreamProperties stream, AggregateTableProperties table,
                           RehearsalProperties rehearsal) {
        this.session = session;
        this.stream = stream;
        this.table = table;
        this.rehearsal = rehearsal;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!rehearsal.enabled()) {
            return;
        }
        if (rehearsal.keyspace().equals(table.keyspace()) || rehearsal.topic().equals(stream.inputTopic())) {
            throw new IllegalStateException("allezon.rehearsal.keyspace and topic must not be the real ones: "
                    + table.keyspace() + ", " + stream.inputTopic());
        }
        long started = System.nanoTime();
        long deadline = started + rehearsal.maxDuration().toNanos();
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        int sent = 0;
        long queries = 0;
        KafkaStreams streams = null;
        CassandraAggregates scratch = null;
        try (KafkaProducer<String, byte[]> producer = producer()) {
            createTopic();
            CassandraAggregates store = new CassandraAggregates(session,
                    new AggregateTableProperties(rehearsal.keyspace(), table.replicationFactor(), SCRATCH_TTL),
                    stream);
            scratch = store;
            AggregateStreamProperties scratchStream = scratchStream();
            streams = new KafkaStreams(AggregateTopology.build(rehearsal.topic(), scratchStream.deadLetterTopic(),
                    store, new StreamMeters(ScratchMeters.registry()), FLUSH_INTERVAL, stream.grace()),
                    AggregateStream.streamsConfig(scratchStream));
            streams.start();
            JitActivity jit = JitActivity.start();
            while (!(jit.settled(JitActivity.SERVICE_PERIOD, JitActivity.SERVICE_SHARE) && sent >= rehearsal.tags())
                    && System.nanoTime() < deadline) {
                for (int i = sent; i < sent + ROUND; i++) {
                    String cookie = pick(COOKIE_PREFIXES, i) + i % COOKIES;
                    producer.send(new ProducerRecord<>(rehearsal.topic(), cookie, WarmupSamples.tagJson(i,
                            start.plusMillis(i), cookie, i % 10 == BUY_INDEX).getBytes(StandardCharsets.UTF_8)));
                }
                producer.flush();
                sent += ROUND;
                queries += Flux.fromIterable(queries(start, sent))
                        .flatMap(query -> store.minuteTotals(query.key(), query.fromMinute(), query.toMinute())
                                .map(totals -> AggregateAnswer.render(query, totals::get)), 4)
                        .count().block(QUERY_TIMEOUT);
                // paced: the stream thread keeps up, and the rehearsal's load is near a real one's
                LockSupport.parkNanos(started + sent * 1_000_000_000L / rehearsal.rate() - System.nanoTime());
            }
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            log.warn("Aggregate path rehearsal ended early: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (streams != null) {
                // the processors write their last totals on close
                streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(CLOSE_TIMEOUT));
            }
        }
        log.info("Rehearsed the aggregate path with topic {} and keyspace {}: {} tags sent, {} aggregates answered"
                        + " in {} ms", rehearsal.topic(), rehearsal.keyspace(), sent, queries,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        if (scratch != null && !rehearsal.keepScratchRows()) {
            discardScratchRows(scratch);
        }
    }

    /**
     * Truncates the scratch table. Its memtable (~75 MB on the heap and ~60 MB off it after a rehearsal) was
     * otherwise flushed ~30 s into the first real traffic, when memtable space ran short, and the flush came
     * with a burst of late tags and profile answers (measured: 21-100 tags). With {@code auto_snapshot: false}
     * (the local platform's) truncating drops the memtable without writing it; with snapshots on, Cassandra
     * flushes and snapshots it now, before the service reports ready, which is also out of the way. Best
     * effort: a rehearsal never keeps the service from starting.
     */
    private static void discardScratchRows(CassandraAggregates scratch) {
        try {
            scratch.truncate(TRUNCATE_TIMEOUT);
        } catch (RuntimeException e) {
            log.warn("Scratch rows of the rehearsal not truncated: {}", e.toString());
        }
    }

    /** The real stream's settings with the scratch topic, its own application id and a short flush interval. */
    AggregateStreamProperties scratchStream() {
        return new AggregateStreamProperties(stream.bootstrapServers(), stream.applicationId() + APPLICATION_ID_SUFFIX,
                rehearsal.topic(), rehearsal.topic() + "-dlt", stream.stateDir(), 1, stream.commitInterval(),
                stream.changelogReplicationFactor(), stream.cacheMaxBytes(), FLUSH_INTERVAL, stream.flushTimeout(),
                stream.grace(), stream.maxInFlightWrites());
    }

    private void createTopic() throws ExecutionException, InterruptedException, TimeoutException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stream.bootstrapServers()))) {
            // as many partitions as the real topic: one stream task, and one flush, per partition as in real use
            int partitions = admin.describeTopics(List.of(stream.inputTopic())).allTopicNames()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(stream.inputTopic()).partitions().size();
            admin.createTopics(List.of(new NewTopic(rehearsal.topic(), partitions, stream.changelogReplicationFactor())
                            .configs(ScratchTopics.configs())))
                    .all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stream.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Queries about the tags sent so far: one per filter combination, with the values and the action of a
     * recent tag, over 1 to 6 minutes that hold it.
     */
    static List<AggregateQuery> queries(Instant start, int sent) {
        List<AggregateQuery> queries = new ArrayList<>(AggregateKey.COMBINATIONS);
        long firstMinute = EventTimes.epochMinute(start);
        for (int dims = 0; dims < AggregateKey.COMBINATIONS; dims++) {
            boolean buy = dims % 2 == 1;
            int recent = Math.max(BUY_INDEX, sent - 1 - dims * 131);
            int i = buy ? recent - Math.floorMod(recent - BUY_INDEX, 10) : recent;
            long minute = firstMinute + i / 60_000;
            Map<String, List<String>> params = new HashMap<>();
            params.put("time_range", List.of(EventTimes.formatBucket(Math.max(firstMinute, minute - dims % 3)) + "_"
                    + EventTimes.formatBucket(minute + 1 + dims % 4)));
            params.put("action", List.of(buy ? "BUY" : "VIEW"));
            params.put("aggregates", dims % 3 == 0 ? List.of("COUNT") : List.of("SUM_PRICE", "COUNT"));
            if ((dims & AggregateKey.ORIGIN) != 0) {
                params.put("origin", List.of(WarmupSamples.origin(i)));
            }
            if ((dims & AggregateKey.BRAND) != 0) {
                params.put("brand_id", List.of(WarmupSamples.brand(i)));
            }
            if ((dims & AggregateKey.CATEGORY) != 0) {
                params.put("category_id", List.of(WarmupSamples.category(i)));
            }
            queries.add(AggregateQuery.parse(params));
        }
        return queries;
    }
}
