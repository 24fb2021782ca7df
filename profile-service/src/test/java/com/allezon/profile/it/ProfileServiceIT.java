package com.allezon.profile.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.web.util.UriUtils;

import com.allezon.localcluster.TestCluster;
import com.allezon.model.Action;
import com.allezon.model.EventTimes;
import com.allezon.model.Json;
import com.allezon.model.ProfileAnswer;
import com.allezon.model.ProfileQuery;
import com.allezon.model.TimeRange;
import com.allezon.profile.TestTags;
import com.allezon.profile.ingest.DeadLetters;
import com.datastax.oss.driver.api.core.CqlSession;

import tools.jackson.databind.JsonNode;

/** Tags published to the real Kafka come back from the HTTP API exactly as the reference model says. */
class ProfileServiceIT {

    private static final Duration DATA_LATENCY = Duration.ofSeconds(60);
    private static final String KEYSPACE = "profile_it";
    private static final Instant BASE = Instant.parse("2022-03-01T00:00:00Z");

    private static TestCluster cluster;
    private static RunningProfileService service;
    private static TagProducer producer;

    @BeforeAll
    static void start() {
        cluster = TestCluster.shared();
        service = RunningProfileService.start(cluster, "profile-service-it", KEYSPACE);
        producer = new TagProducer(cluster);
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (service != null) {
            service.close();
        }
    }

    private static String query(String cookie, TimeRange range, Integer limit) {
        return "/user_profiles/" + UriUtils.encodePathSegment(cookie, StandardCharsets.UTF_8)
                + "?time_range=" + range.format() + (limit == null ? "" : "&limit=" + limit);
    }

    /** Waits until the service's answer to the widest query equals the reference model's. */
    private static void awaitProfile(String cookie, TimeRange range) {
        String expected = producer.expectedProfile(cookie, range, ProfileQuery.MAX_TAGS);
        Eventually.await("the profile of " + cookie, DATA_LATENCY, () -> service.post(query(cookie, range, null)),
                answer -> answer.status() == 200 && answer.body().equals(expected));
    }

    @Test
    void hotCookieOverTheCapAnswersEveryRangeAndLimitLikeTheReferenceModel() {
        Random random = new Random(7);
        String hot = "hot-" + UUID.randomUUID();
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            // 400 distinct milliseconds for 700 tags: many equal times, ordered by arrival
            Instant time = BASE.plusMillis(random.nextInt(400) * 7L);
            Action action = random.nextInt(4) == 0 ? Action.BUY : Action.VIEW;
            tags.add(TestTags.tag(hot, action, EventTimes.formatTagTime(time), random.nextBoolean(), random));
            if (i % 10 == 0) {
                tags.add(TestTags.tag("cold-" + UUID.randomUUID(), Action.VIEW, EventTimes.formatTagTime(time), false, random));
            }
        }
        producer.send(tags);
        TimeRange everything = new TimeRange(BASE.minusSeconds(60), BASE.plusSeconds(60));
        awaitProfile(hot, everything);

        for (int i = 0; i < 60; i++) {
            Instant a = BASE.plusMillis(random.nextInt(2900) - 50);
            Instant b = BASE.plusMillis(random.nextInt(2900) - 50);
            TimeRange range = a.isBefore(b) ? new TimeRange(a, b) : new TimeRange(b, a);
            Integer limit = i % 3 == 0 ? null : random.nextInt(260);
            String expected = producer.expectedProfile(hot, range, limit == null ? 200 : Math.min(limit, 200));
            RunningProfileService.Answer answer = service.post(query(hot, range, limit));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).as("range %s limit %s", range.format(), limit).isEqualTo(expected);
        }

        // trimming kept storage bounded without touching what answers need (checked above)
        CqlSession session = service.context().getBean(CqlSession.class);
        long stored = session.execute("SELECT count(*) FROM " + KEYSPACE + ".profile_tags WHERE cookie = ? AND action = ?",
                hot, Action.VIEW.name()).one().getLong(0);
        int sent = producer.sent(hot, Action.VIEW).size();
        assertThat(sent).isGreaterThan(400);
        assertThat(stored).isBetween((long) ProfileQuery.MAX_TAGS, (long) sent - 1);
    }

    @Test
    void timeStringsAndProductIdTypesComeBackUnchanged() {
        Random random = new Random(11);
        String cookie = "verbatim-\"quoted\"/zażółć-" + UUID.randomUUID();
        String[] times = {"2022-03-01T00:01:00Z", "2022-03-01T00:01:00.001Z", "2022-03-01T00:01:00.500Z",
                "2022-03-01T00:01:00.500001Z", "2022-03-01T00:01:01.000000Z", "2022-03-01T00:01:02.000Z"};
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < times.length; i++) {
            tags.add(TestTags.tag(cookie, i % 2 == 0 ? Action.VIEW : Action.BUY, times[i], i % 3 == 0, random));
        }
        producer.send(tags);
        TimeRange range = TimeRange.parse("2022-03-01T00:00:00_2022-03-01T01:00:00");
        awaitProfile(cookie, range);

        JsonNode profile = Json.MAPPER.readTree(service.post(query(cookie, range, null)).body());
        assertThat(profile.get("cookie").stringValue()).isEqualTo(cookie);
        List<JsonNode> returned = new ArrayList<>();
        profile.get("views").forEach(returned::add);
        profile.get("buys").forEach(returned::add);
        assertThat(returned).hasSize(times.length);
        for (JsonNode tag : returned) {
            int i = List.of(times).indexOf(tag.get("time").stringValue());
            assertThat(i).as("time %s comes back as sent", tag.get("time")).isNotNegative();
            JsonNode productId = tag.get("product_info").get("product_id");
            assertThat(productId.isString()).as("product_id type of tag %d", i).isEqualTo(i % 3 == 0);
            assertThat(productId.isIntegralNumber()).isEqualTo(i % 3 != 0);
        }
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndConsumptionGoesOn() {
        String cookie = "after-poison-" + UUID.randomUUID();
        String marker = UUID.randomUUID().toString();
        byte[] notJson = ("not json " + marker).getBytes(StandardCharsets.UTF_8);
        byte[] badDevice = TestTags.tag(cookie, Action.VIEW, "2022-03-01T00:02:00.000Z", false, new Random(1))
                .replace("\"device\":\"", "\"device\":\"FRIDGE-" + marker + "-").getBytes(StandardCharsets.UTF_8);
        producer.sendRaw(cookie, notJson);
        producer.sendRaw(cookie, badDevice);
        producer.send(List.of(TestTags.tag(cookie, Action.BUY, "2022-03-01T00:02:01.000Z", false, new Random(2))));
        awaitProfile(cookie, TimeRange.parse("2022-03-01T00:00:00_2022-03-02T00:00:00"));

        List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + marker,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TestCluster.DEAD_LETTER_TOPIC));
            Eventually.await("both poison records on " + TestCluster.DEAD_LETTER_TOPIC, DATA_LATENCY, () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (new String(record.value(), StandardCharsets.UTF_8).contains(marker)) {
                        dead.add(record);
                    }
                });
                return dead.size();
            }, n -> n >= 2);
        }
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0).value()).isEqualTo(notJson);
        assertThat(dead.get(1).value()).isEqualTo(badDevice);
        assertThat(header(dead.get(0), DeadLetters.FIELD_HEADER)).isEqualTo("body");
        assertThat(header(dead.get(1), DeadLetters.FIELD_HEADER)).isEqualTo("device");
        assertThat(header(dead.get(1), KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("device");
        assertThat(header(dead.get(1), KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(TestCluster.TOPIC);

        String metrics = service.management("/actuator/prometheus").body();
        assertThat(metricValue(metrics, "allezon_poison_tags_total")).isGreaterThanOrEqualTo(2.0);
    }

    @Test
    void managementExposesHealthConsumerLagAndLatencies() {
        String cookie = "metrics-" + UUID.randomUUID();
        producer.send(List.of(TestTags.tag(cookie, Action.VIEW, "2022-03-01T00:03:00.000Z", false, new Random(3))));
        awaitProfile(cookie, TimeRange.parse("2022-03-01T00:00:00_2022-03-02T00:00:00"));

        TimeRange range = TimeRange.parse("2022-03-01T00:00:00_2022-03-02T00:00:00");
        String wrongExpectation = ProfileAnswer.render(cookie, List.of(), List.of());
        RunningProfileService.Answer debugAnswer = service.post(query(cookie, range, null), wrongExpectation);
        assertThat(debugAnswer.body()).isEqualTo(producer.expectedProfile(cookie, range, ProfileQuery.MAX_TAGS));

        assertThat(service.management("/actuator/health/readiness").body()).contains("\"UP\"");
        assertThat(service.management("/actuator/health/liveness").body()).contains("\"UP\"");
        String metrics = Eventually.await("consumer lag in the Prometheus scrape", DATA_LATENCY,
                () -> service.management("/actuator/prometheus").body(),
                body -> body.contains("kafka_consumer_fetch_manager_records_lag_max"));
        assertThat(metrics).contains("http_server_requests_seconds_bucket{")
                .contains("uri=\"/user_profiles/{cookie}\"");
        assertThat(metricValue(metrics, "allezon_debug_mismatches_total")).isGreaterThanOrEqualTo(1.0);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static double metricValue(String scrape, String name) {
        return scrape.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
