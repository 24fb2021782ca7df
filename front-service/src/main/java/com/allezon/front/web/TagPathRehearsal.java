package com.allezon.front.web;

import static com.allezon.web.WarmupSamples.COOKIE_PREFIXES;
import static com.allezon.web.WarmupSamples.COUNTRIES;
import static com.allezon.web.WarmupSamples.DEVICES;
import static com.allezon.web.WarmupSamples.pick;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import com.allezon.front.config.FrontProperties;
import com.allezon.front.config.RehearsalProperties;
import com.allezon.front.publish.KafkaTagPublisher;
import com.allezon.front.publish.ProducerWarmup;
import com.allezon.model.JitActivity;
import com.allezon.model.Json;
import com.allezon.model.ProfileAnswer;
import com.allezon.web.ScratchMeters;
import com.allezon.web.ScratchTopics;
import com.allezon.web.SelfWarmup;
import com.allezon.web.WarmupProperties;
import com.allezon.web.WarmupSamples;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Before the front reports ready, the tag path runs for real on scratch data: a second HTTP server on a
 * loopback port serves the same {@link PublicRoutes} with a {@link TagIntake} whose publisher writes to the
 * scratch topic, and {@link SelfWarmup} sends it tags. The routes, the producer and the broker's produce
 * path are then compiled before the first real tag, which a cold start otherwise made wait seconds.
 * <p>
 * Nothing reaches the real topic or the real meters: the scratch intake has its own publisher and meter
 * registry, and the server is closed afterwards. Failures only shorten the rehearsal; it never keeps the
 * front from starting.
 */
@Component
@Order(1) // after ProducerWarmup (the broker is known to be there), before the public port's SelfWarmup
class TagPathRehearsal implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(TagPathRehearsal.class);
    /** Tags per round; the JIT's activity is looked at between rounds. */
    static final int ROUND = 2000;
    /**
     * The requests' indexes (which end the cookies) on the second topic start here, so that no cookie repeats;
     * small enough that the product ids built from them stay 32-bit.
     */
    static final int SECOND_TOPIC_FIRST_INDEX = 10_000_000;
    static final Duration SECOND_TOPIC_MAX_DURATION = Duration.ofSeconds(10);
    static final int TAGS_PER_CYCLE = 20;
    private static final List<String> PRICES = List.of("1", "1999", "2147483647", "0", "34512", "700000000", "42");

    private final KafkaTemplate<String, byte[]> kafka;
    private final KafkaAdmin admin;
    private final QueryForwarder forwarder;
    private final FrontProperties front;
    private final RehearsalProperties rehearsal;
    private final WarmupProperties warmup;
    /** The answers of the last rehearsal by status (0: no answer); empty before one ran. */
    private volatile Map<Integer, Integer> statuses = Map.of();

    TagPathRehearsal(KafkaTemplate<String, byte[]> kafka, KafkaAdmin admin, QueryForwarder forwarder,
                     FrontProperties front, RehearsalProperties rehearsal, WarmupProperties warmup) {
        this.kafka = kafka;
        this.admin = admin;
        this.forwarder = forwarder;
        this.front = front;
        this.rehearsal = rehearsal;
        this.warmup = warmup;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!rehearsal.enabled()) {
            return;
        }
        long started = System.nanoTime();
        List<String> topics = List.of(rehearsal.topic(), secondTopic(rehearsal));
        try {
            int partitions = kafka.partitionsFor(front.topic()).size();
            admin.createOrModifyTopics(topics.stream().map(topic -> TopicBuilder.name(topic).partitions(partitions)
                    .configs(ScratchTopics.configs()).build()).toArray(NewTopic[]::new));
        } catch (RuntimeException e) {
            log.warn("No tag path rehearsal: scratch topics {} not available: {}", topics, e.toString());
            return;
        }
        // a topic just created has no partition leaders for a moment: tags sent then would be 503s
        for (String topic : topics) {
            if (ProducerWarmup.awaitTopic(kafka, topic, front.warmupPatience()) == 0) {
                log.warn("No tag path rehearsal: scratch topic {} has no leaders after {}", topic, front.warmupPatience());
                return;
            }
        }
        // the forwarded queries should meet the services that answer them, as real ones do
        List<URI> unreachable = SelfWarmup.awaitReachable(warmup.awaitReachable(), warmup.awaitPatience());
        if (!unreachable.isEmpty()) {
            log.warn("Rehearsing although {} did not accept connections within {}", unreachable, warmup.awaitPatience());
        }
        Map<Integer, Integer> statuses = rehearse(kafka, forwarder, front, rehearsal, topics.get(0), rehearsal.tags(), 0,
                rehearsal.maxDuration());
        // Then on to a topic the producer has not written to yet: its first records take paths (a new topic's
        // batches, metrics and sequence numbers) that the compiled code had never seen, and the first real tags
        // deoptimized ~50 producer methods at once when they reached the real topic. Taken once here, those paths
        // are compiled in.
        rehearse(kafka, forwarder, front, rehearsal, topics.get(1), ROUND, SECOND_TOPIC_FIRST_INDEX,
                SECOND_TOPIC_MAX_DURATION).forEach((status, count) -> statuses.merge(status, count, Integer::sum));
        this.statuses = Map.copyOf(statuses);
        List<WarmupProperties.Call> calls = calls();
        log.info("Rehearsed the tag path with {} requests (scratch tags to {}; of each {}, {} forwarded profile queries)"
                        + " in {} ms, statuses {} (0: no answer)",
                statuses.values().stream().mapToInt(Integer::intValue).sum(), topics,
                calls.size(), calls.stream().filter(call -> call.path().startsWith(PublicRoutes.PROFILES)).count(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), statuses);
    }

    /** The scratch topic of the rehearsal's last rounds. */
    static String secondTopic(RehearsalProperties rehearsal) {
        return rehearsal.topic() + "-2";
    }

    /** The answers of the last rehearsal by status (0: no answer); empty if none ran. */
    Map<Integer, Integer> statuses() {
        return statuses;
    }

    /**
     * Serves the public routes, publishing to a scratch topic, on a loopback port and sends it rounds of
     * calls, the requests' indexes from {@code firstIndex}: at least {@code tags}, then on until the JIT has
     * settled over a round (it compiled for less than {@link JitActivity#SERVICE_SHARE} of the time), at most
     * for {@code maxDuration}.
     */
    static Map<Integer, Integer> rehearse(KafkaTemplate<String, byte[]> kafka, QueryForwarder forwarder,
                                          FrontProperties front, RehearsalProperties rehearsal, String topic,
                                          int tags, int firstIndex, Duration maxDuration) {
        MeterRegistry scratchMeters = ScratchMeters.registry();
        PublicRoutes routes = new PublicRoutes(
                new TagIntake(new KafkaTagPublisher(kafka, topic), front, scratchMeters),
                forwarder, front, scratchMeters);
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0).route(routes::apply).bindNow();
        Map<Integer, Integer> statuses = new TreeMap<>();
        try {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            long deadline = System.nanoTime() + maxDuration.toNanos();
            JitActivity jit = JitActivity.start();
            int sent = 0;
            while (!(jit.settled(JitActivity.SERVICE_PERIOD, JitActivity.SERVICE_SHARE) && sent >= tags)
                    && System.nanoTime() < deadline) {
                Duration left = Duration.ofNanos(deadline - System.nanoTime());
                SelfWarmup.send(base, new WarmupProperties(ROUND, left, rehearsal.concurrency(), calls()),
                                firstIndex + sent)
                        .forEach((status, count) -> statuses.merge(status, count, Integer::sum));
                sent += ROUND;
            }
            return statuses;
        } finally {
            server.disposeNow(Duration.ofSeconds(5));
        }
    }

    /**
     * Twenty tags as varied as real traffic (cookies with non-ASCII and URL-special characters, every device,
     * several countries, prices up to int32, times to the millisecond), then two profile queries for cookies of
     * the cycle, with the expected answer as body: forwarded to the real profile-service, where the rehearsal's
     * cookies have no tags (a read, nothing written). Code compiled for uniform traffic was deoptimized by the
     * first real tags and compiled again while they waited (measured: ~590 methods made not entrant in the first 30 s of a run).
     */
    static List<WarmupProperties.Call> calls() {
        List<WarmupProperties.Call> calls = new ArrayList<>();
        for (int k = 0; k < TAGS_PER_CYCLE; k++) {
            calls.add(tag(k));
        }
        String i = SelfWarmup.INDEX;
        calls.add(new WarmupProperties.Call("POST", PublicRoutes.PROFILES + COOKIE_PREFIXES.get(0) + i
                + "?time_range=2022-03-01T00:00:00.000_2022-03-01T00:00:10.000&limit=10",
                emptyProfile(COOKIE_PREFIXES.get(0) + i)));
        String encoded = URLEncoder.encode(COOKIE_PREFIXES.get(1), StandardCharsets.UTF_8).replace("+", "%20");
        calls.add(new WarmupProperties.Call("POST", PublicRoutes.PROFILES + encoded + i
                + "?time_range=2022-02-28T23:59:59.999_2022-03-01T00:05:00.123",
                emptyProfile(COOKIE_PREFIXES.get(1) + i)));
        return calls;
    }

    /**
     * The answer for a cookie without tags, as the body of a forwarded query (debug mode, as the testing platform
     * sends them): profile-service reads and compares it, and counts no mismatch.
     */
    private static String emptyProfile(String cookie) {
        return ProfileAnswer.render(cookie, List.of(), List.of());
    }

    private static WarmupProperties.Call tag(int k) {
        String i = SelfWarmup.INDEX;
        String time = String.format("2022-03-01T00:%02d:%02d.%03dZ", k % 60, (k * 7) % 60, (k * 137) % 1000);
        return new WarmupProperties.Call("POST", PublicRoutes.TAGS, "{\"time\":\"" + time + "\","
                // the placeholder, replaced by the request's index (digits), stays inside the quoted cookie
                + "\"cookie\":" + Json.quote(pick(COOKIE_PREFIXES, k) + i) + ","
                + "\"country\":\"" + pick(COUNTRIES, k) + "\","
                + "\"device\":\"" + pick(DEVICES, k) + "\","
                + "\"action\":\"" + (k % 3 == 0 ? "BUY" : "VIEW") + "\","
                + "\"origin\":" + Json.quote(WarmupSamples.origin(k)) + ","
                + "\"product_info\":{\"product_id\":" + (k % 4 + 1) + i + ",\"brand_id\":"
                + Json.quote(WarmupSamples.brand(k)) + ",\"category_id\":" + Json.quote(WarmupSamples.category(k))
                + ",\"price\":" + pick(PRICES, k) + "}}");
    }
}
