package com.allezon.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.allezon.aggregate.stream.AggregateStream;
import com.allezon.localcluster.TestCluster;
import com.allezon.model.AggregateKey;
import com.allezon.model.AggregateQuery;
import com.allezon.model.MinuteTotals;
import com.allezon.model.UserTag;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;

/**
 * The whole service on a real Kafka and a real Cassandra: tags produced to a topic of its own per test
 * (4 partitions) must show in {@code /aggregates} exactly as the brute force computes them.
 */
class AggregateServiceIT {

    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(60);
    /** Across a day boundary (so also a 10-minute slot boundary): a query reads one Cassandra slice per slot. */
    private static final Instant START = Instant.parse("2022-02-28T23:58:00Z");
    private static final int PARTITIONS = 4;

    private static TestCluster cluster;
    private static KafkaProducer<String, String> producer;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startCluster() {
        cluster = TestCluster.shared();
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
    }

    private static void createTopic(String name) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, PARTITIONS, (short) 1))).all().get();
        }
    }

    /**
     * One service instance; {@code name} isolates its topic, consumer group and keyspace from other tests. Without
     * {@code rehearsal} arguments it starts without its rehearsal (the subject of one test only).
     */
    private static ConfigurableApplicationContext startService(String name, Path stateDir, String... rehearsal) {
        // command-line arguments: they win over application.yml
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--management.server.port=0",
                "--spring.kafka.bootstrap-servers=" + cluster.bootstrapServers(),
                "--spring.cassandra.contact-points=" + cluster.cassandraContactPoint(),
                "--spring.cassandra.local-datacenter=" + cluster.cassandraDatacenter(),
                "--allezon.aggregate.input-topic=" + name,
                "--allezon.aggregate.application-id=" + name,
                "--allezon.aggregate.state-dir=" + stateDir,
                "--allezon.cassandra.keyspace=" + name.replace('-', '_')));
        args.addAll(rehearsal.length > 0 ? List.of(rehearsal) : List.of("--allezon.rehearsal.tags=0"));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(AggregateServiceApplication.class)
                .run(args.toArray(String[]::new));
        AggregateStream stream = context.getBean(AggregateStream.class);
        poll(Duration.ofSeconds(90), "the stream is RUNNING", () -> stream.state() == KafkaStreams.State.RUNNING);
        return context;
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    private static void produce(String topic, List<String> tags) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (String tag : tags) {
            acks.add(producer.send(new ProducerRecord<>(topic, UserTag.parse(tag).cookie(), tag)));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get();
        }
    }

    private static String uri(int port, String action, List<String> aggregates, Map<String, String> filters,
                              String range) {
        StringBuilder q = new StringBuilder("http://127.0.0.1:" + port + "/aggregates?time_range=" + range
                + "&action=" + action);
        aggregates.forEach(a -> q.append("&aggregates=").append(a));
        filters.forEach((k, v) -> q.append('&').append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20")));
        return q.toString();
    }

    private static AggregateQuery parse(String uri) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : URI.create(uri).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.computeIfAbsent(pair.substring(0, eq), k -> new ArrayList<>())
                    .add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return AggregateQuery.parse(params);
    }

    private static String post(String uri) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri))
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    /** Polls the query until its answer is the brute force's, and asserts it is. */
    private static void awaitAnswer(String uri, Map<AggregateKey, MinuteTotals> bruteForce, Duration within) {
        String expected = "200 " + RandomTags.expectedAnswer(parse(uri), bruteForce);
        String[] last = new String[1];
        try {
            poll(within, uri, () -> expected.equals(last[0] = post(uri)));
        } catch (AssertionError timedOut) {
            assertThat(last[0]).as(uri).isEqualTo(expected);
            throw timedOut;
        }
    }

    private static void poll(Duration within, String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        long pause = 50;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            pause = Math.min(500, pause * 2);
        }
    }

    private static void checkAll(int port, Map<AggregateKey, MinuteTotals> bruteForce, Duration within) {
        String range = "2022-02-28T23:58:00_2022-03-01T00:04:00";
        for (Map<String, String> filters : RandomTags.filterCombos()) {
            for (String action : List.of("VIEW", "BUY")) {
                awaitAnswer(uri(port, action, List.of("COUNT", "SUM_PRICE"), filters, range), bruteForce, within);
                awaitAnswer(uri(port, action, List.of("SUM_PRICE", "COUNT"), filters, range), bruteForce, within);
            }
        }
    }

    @Test
    void answersEqualTheBruteForceForEveryFilterComboAndBothAggregateOrders() throws Exception {
        String name = "it-aggregates-combos";
        createTopic(name);
        List<String> tags = new RandomTags(21).next(4000, START);
        try (ConfigurableApplicationContext service = startService(name, Files.createTempDirectory(name))) {
            produce(name, tags);
            checkAll(port(service), RandomTags.bruteForce(tags), VISIBLE_WITHIN);
        }
    }

    @Test
    void aTagShowsWithinAMinuteAlsoWhenNoNewerTagsArrive() throws Exception {
        String name = "it-aggregates-quiet";
        createTopic(name);
        List<String> tags = new RandomTags(22).next(30, START);
        try (ConfigurableApplicationContext service = startService(name, Files.createTempDirectory(name))) {
            producer.send(new ProducerRecord<>(name, "poison", "{\"time\": 42}")).get();
            produce(name, tags);   // and nothing after these
            Map<AggregateKey, MinuteTotals> bruteForce = RandomTags.bruteForce(tags);
            awaitAnswer(uri(port(service), "VIEW", List.of("COUNT", "SUM_PRICE"), Map.of(),
                    "2022-02-28T23:58:00_2022-03-01T00:00:00"), bruteForce, VISIBLE_WITHIN);
            awaitAnswer(uri(port(service), "BUY", List.of("SUM_PRICE"), Map.of("origin", "shop"),
                    "2022-02-28T23:58:00_2022-03-01T00:00:00"), bruteForce, VISIBLE_WITHIN);

            String management = "http://127.0.0.1:" + service.getEnvironment().getProperty("local.management.port");
            assertThat(get(management + "/actuator/health/readiness")).startsWith("200 ").contains("kafkaStreams");
            String metrics = get(management + "/actuator/prometheus");
            metrics.lines().filter(line -> line.contains("lag") || line.startsWith("allezon_"))
                    .forEach(line -> System.out.println("metric: " + line));
            assertThat(metrics).containsPattern("(?m)^allezon_poison_tags_total\\{[^}]*\\} 1\\.0$")
                    .containsPattern("(?m)^kafka_consumer_fetch_manager_records_lag_max\\{");
        }
    }

    private static String get(String uri) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    @Test
    void stoppedMidStreamAndReplayedFromTheStartItCountsEveryTagOnce() throws Exception {
        String name = "it-aggregates-restart";
        createTopic(name);
        List<String> tags = new RandomTags(23).next(4000, START);
        List<String> firstHalf = tags.subList(0, 2000);

        try (ConfigurableApplicationContext first = startService(name, Files.createTempDirectory(name + "-a"))) {
            produce(name, firstHalf);
            String someCounted = uri(port(first), "VIEW", List.of("COUNT"), Map.of(),
                    "2022-02-28T23:58:00_2022-03-01T00:04:00");
            String nothing = "200 " + RandomTags.expectedAnswer(parse(someCounted), Map.of());
            poll(VISIBLE_WITHIN, "some tags counted", () -> {
                String answer = post(someCounted);
                return answer.startsWith("200 ") && !answer.equals(nothing);
            });
        }
        // as if the committed offsets were lost in a crash: the successor replays every tag already counted
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> earliest = new LinkedHashMap<>();
            offsets(name, OffsetSpec.earliest()).forEach((tp, offset) -> earliest.put(tp, new OffsetAndMetadata(offset)));
            // the group must be empty first: the stopped instance has left it, the broker may still be settling
            poll(Duration.ofSeconds(60), "group " + name + " empty", () -> {
                try {
                    return admin.describeConsumerGroups(List.of(name)).all().get().get(name).groupState()
                            == GroupState.EMPTY;
                } catch (Exception e) {
                    return false;
                }
            });
            admin.alterConsumerGroupOffsets(name, earliest).all().get();
        }
        try (ConfigurableApplicationContext second = startService(name, Files.createTempDirectory(name + "-b"))) {
            produce(name, tags.subList(2000, tags.size()));
            checkAll(port(second), RandomTags.bruteForce(tags), VISIBLE_WITHIN);
        }
    }

    @Test
    void theRehearsalCountsScratchTagsIntoTheScratchKeyspaceOnly() throws Exception {
        String name = "it-aggregates-rehearsal";
        String scratchTopic = name + "-scratch";
        String scratchKeyspace = "it_aggregates_rehearsal_scratch";
        int tags = 6000;
        createTopic(name);
        // the rehearsal is an ApplicationRunner: it has ended when the context is returned
        try (ConfigurableApplicationContext service = startService(name, Files.createTempDirectory(name),
                "--allezon.rehearsal.keyspace=" + scratchKeyspace, "--allezon.rehearsal.topic=" + scratchTopic,
                "--allezon.rehearsal.tags=" + tags, "--allezon.rehearsal.max-duration=60s",
                "--allezon.rehearsal.keep-scratch-rows=true")) {
            CqlSession session = service.getBean(CqlSession.class);
            long sent = endOffsets(scratchTopic);
            assertThat(sent).as("scratch tags sent").isGreaterThanOrEqualTo(tags);
            assertThat(endOffsets(name)).as("tags in the real topic").isZero();
            assertThat(session.execute("SELECT count(*) FROM " + name.replace('-', '_') + ".aggregate_slots").one()
                    .getLong(0)).as("rows in the real keyspace").isZero();

            // every tag counted is in each of the 8 filter combinations once: their totals agree, per action
            Map<String, long[]> totals = new LinkedHashMap<>();
            for (Row row : session.execute("SELECT action, dims, count, sum_price FROM " + scratchKeyspace
                    + ".aggregate_slots")) {
                long[] total = totals.computeIfAbsent(row.getString("action") + " dims " + row.getByte("dims"),
                        k -> new long[2]);
                total[0] += row.getLong("count");
                total[1] += row.getLong("sum_price");
            }
            long counted = totals.get("VIEW dims 0")[0] + totals.get("BUY dims 0")[0];
            assertThat(counted).as("scratch tags counted (the stream may not have reached the last ones)")
                    .isPositive().isLessThanOrEqualTo(sent);
            for (String action : List.of("VIEW", "BUY")) {
                long[] all = totals.get(action + " dims 0");
                for (int dims = 1; dims < AggregateKey.COMBINATIONS; dims++) {
                    assertThat(totals.get(action + " dims " + dims)).as(action + " dims " + dims).containsExactly(all);
                }
            }
        }
    }

    @Test
    void byDefaultTheRehearsalLeavesNoScratchRowsBehind() throws Exception {
        String name = "it-aggregates-rehearsal-discard";
        String scratchTopic = name + "-scratch";
        String scratchKeyspace = "it_aggregates_rehearsal_discard_scratch";
        createTopic(name);
        try (ConfigurableApplicationContext service = startService(name, Files.createTempDirectory(name),
                "--allezon.rehearsal.keyspace=" + scratchKeyspace, "--allezon.rehearsal.topic=" + scratchTopic,
                "--allezon.rehearsal.tags=3000", "--allezon.rehearsal.max-duration=30s")) {
            CqlSession session = service.getBean(CqlSession.class);
            assertThat(endOffsets(scratchTopic)).as("scratch tags sent").isGreaterThanOrEqualTo(3000);
            assertThat(session.execute("SELECT count(*) FROM " + scratchKeyspace + ".aggregate_slots").one()
                    .getLong(0)).as("scratch rows left").isZero();
        }
    }

    private static long endOffsets(String topic) throws Exception {
        return offsets(topic, OffsetSpec.latest()).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The offset {@code spec} names in each partition of the topic. */
    private static Map<TopicPartition, Long> offsets(String topic, OffsetSpec spec) throws Exception {
        try (Admin admin = admin()) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> specs = new LinkedHashMap<>();
            for (int p = 0; p < partitions; p++) {
                specs.put(new TopicPartition(topic, p), spec);
            }
            Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
            admin.listOffsets(specs).all().get().forEach((tp, info) -> offsets.put(tp, info.offset()));
            return offsets;
        }
    }
}
