package com.allezon.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.allezon.deploy.DashboardMetrics;
import com.allezon.deploy.MetricCatalog;

import com.allezon.model.Action;
import com.allezon.model.AggregateAnswer;
import com.allezon.model.AggregateKey;
import com.allezon.model.AggregateQuery;
import com.allezon.model.EventTimes;
import com.allezon.model.Json;
import com.allezon.model.MinuteTotals;
import com.allezon.model.ProfileAnswer;
import com.allezon.model.ProfileAnswer.StoredTag;
import com.allezon.model.TimeRange;
import com.allezon.model.UserTag;

/**
 * The three use cases through the public port of the real platform (three service JVMs, real Kafka and
 * Cassandra). Every expected answer is computed by brute force over the tags this test sent.
 */
class PlatformEndToEndIT {

    static final Instant BASE = Instant.parse("2022-03-01T12:00:00Z");
    static final String HOT = "hot-cookie";
    static final List<String> SPECIAL = List.of("with \"quotes\" and 'single'", "zażółć gęślą 🍕", "ab/cd+ef==",
            "%2F literally", HOT);
    static final List<UserTag> sent = new ArrayList<>();
    static RunningPlatform platform;

    @BeforeAll
    static void sendTags() {
        platform = RunningPlatform.shared();
        Random random = new Random(20260301);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String cookie;
            Action action;
            if (i < 490) {
                cookie = HOT;
                action = i % 49 < 26 ? Action.VIEW : Action.BUY; // 260 views, 230 buys: both over the 200 cap
            } else {
                cookie = random.nextInt(4) == 0 ? SPECIAL.get(random.nextInt(SPECIAL.size())) : "c" + random.nextInt(50);
                action = random.nextInt(5) == 0 ? Action.BUY : Action.VIEW;
            }
            Instant time = BASE.plusMillis(120L * i);
            String timeText = switch (i % 3) {
                case 0 -> EventTimes.formatTagTime(time);                                    // 3 fraction digits
                case 1 -> EventTimes.formatTagTime(time).replace("Z", "417Z");               // 6 fraction digits
                // no fraction: whole seconds two hours later, so that no two tags of a cookie share a time
                // (the order of equal times is the order of arrival, which concurrent sending makes random)
                default -> EventTimes.formatTagTime(BASE.plusSeconds(7200 + i)).replace(".000Z", "Z");
            };
            String productId = i % 2 == 0 ? String.valueOf(random.nextInt(100_000)) : Json.quote("p" + i);
            String body = "{\"time\":" + Json.quote(timeText) + ",\"cookie\":" + Json.quote(cookie)
                    + ",\"country\":\"PL\",\"device\":\"" + List.of("PC", "MOBILE", "TV").get(random.nextInt(3))
                    + "\",\"action\":\"" + action + "\",\"origin\":\"o" + random.nextInt(3)
                    + "\",\"product_info\":{\"product_id\":" + productId + ",\"brand_id\":\"b" + random.nextInt(3)
                    + "\",\"category_id\":\"k" + random.nextInt(2) + "\",\"price\":" + (random.nextInt(2_000_000_000)) + "}}";
            bodies.add(body);
            sent.add(UserTag.parse(body));
        }
        Semaphore inFlight = new Semaphore(32);
        List<CompletableFuture<Integer>> statuses = new ArrayList<>();
        for (String body : bodies) {
            inFlight.acquireUninterruptibly();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.frontPort + "/user_tags"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            statuses.add(platform.http().sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .thenApply(HttpResponse::statusCode)
                    .whenComplete((s, e) -> inFlight.release()));
        }
        assertThat(statuses.stream().map(CompletableFuture::join).toList()).containsOnly(204);
    }

    @Test
    void profilesAreExactIncludingTheCapOddCookiesTimeStringsAndLimits() {
        Instant end = BASE.plusSeconds(4 * 3600);
        Instant mid = BASE.plusMillis(120L * 300);
        List<TimeRange> ranges = List.of(new TimeRange(BASE, end), new TimeRange(mid, end),
                new TimeRange(BASE, mid), new TimeRange(BASE.plusMillis(120L * 350 + 1), BASE.plusMillis(120L * 1500)));
        for (String cookie : SPECIAL) {
            for (TimeRange range : ranges) {
                for (String limit : new String[] {null, "0", "7", "200", "1000"}) {
                    String path = "/user_profiles/" + pathSegment(cookie) + "?time_range=" + range.format()
                            + (limit == null ? "" : "&limit=" + limit);
                    String expected = expectedProfile(cookie, range, limit == null ? 200 : Math.min(200, Integer.parseInt(limit)));
                    awaitAnswer(path, () -> expected, Duration.ofSeconds(30));
                }
            }
        }
    }

    @Test
    void aPlusInTheCookieSegmentIsAPlus() {
        TimeRange all = new TimeRange(BASE, BASE.plusSeconds(4 * 3600));
        String expected = expectedProfile("ab/cd+ef==", all, 200);
        assertThat(Json.MAPPER.readTree(expected).get("views").size() + Json.MAPPER.readTree(expected).get("buys").size())
                .as("the test must send tags for this cookie").isPositive();
        awaitAnswer("/user_profiles/ab%2Fcd+ef%3D%3D?time_range=" + all.format(), () -> expected, Duration.ofSeconds(30));
    }

    @Test
    void aggregatesAreExactForEveryMinuteIncludingEmptyOnes() {
        List<String> ranges = List.of("2022-03-01T11:59:00_2022-03-01T12:06:00", "2022-03-01T13:58:00_2022-03-01T14:35:00");
        List<String> queries = List.of(
                "action=VIEW&aggregates=COUNT&aggregates=SUM_PRICE",
                "action=BUY&origin=o1&aggregates=SUM_PRICE&aggregates=COUNT",
                "action=VIEW&brand_id=b2&category_id=k1&aggregates=COUNT",
                "action=BUY&origin=o0&brand_id=b1&category_id=k0&aggregates=COUNT&aggregates=SUM_PRICE",
                "action=VIEW&category_id=k0&aggregates=SUM_PRICE");
        for (String range : ranges) {
            for (String query : queries) {
                String path = "/aggregates?time_range=" + range + "&" + query;
                String expected = expectedAggregates(path);
                assertThat(expected).contains("\"1m_bucket\"");
                awaitAnswer(path, () -> expected, Duration.ofSeconds(90));
            }
        }
    }

    @Test
    void badInputIsA400ProblemThroughThePublicPort() {
        for (String path : List.of("/user_profiles/x", "/user_profiles/x?time_range=2022-03-01T00:00:00",
                "/user_profiles/x?time_range=2022-03-01T00:00:01_2022-03-01T00:00:00",
                "/user_profiles/x?time_range=2022-03-01T00:00:00_2022-03-01T00:00:01&limit=-1",
                "/aggregates?time_range=2022-03-01T00:00:00_2022-03-01T00:01:00&action=VIEW",
                "/aggregates?time_range=2022-03-01T00:00:30_2022-03-01T00:01:00&action=VIEW&aggregates=COUNT",
                "/aggregates?time_range=2022-03-01T00:00:00_2022-03-01T00:01:00&action=LIKE&aggregates=COUNT")) {
            HttpResponse<String> response = platform.post(path, null);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json");
            assertThat(Json.MAPPER.readTree(response.body()).get("status").intValue()).isEqualTo(400);
        }
        HttpResponse<String> badTag = platform.post("/user_tags", "{\"cookie\":\"x\"}");
        assertThat(badTag.statusCode()).isEqualTo(400);
    }

    @Test
    void debugModeAnswersTheTruthAndCountsTheMismatch() {
        TimeRange all = new TimeRange(BASE, BASE.plusSeconds(4 * 3600));
        String path = "/user_profiles/" + HOT + "?time_range=" + all.format() + "&limit=3";
        String truth = expectedProfile(HOT, all, 3);
        awaitAnswer(path, () -> truth, Duration.ofSeconds(30));
        double before = mismatches("profile-service", "profiles");
        HttpResponse<String> answer = platform.post(path, "{\"cookie\":\"" + HOT + "\",\"views\":[],\"buys\":[]}");
        assertThat(Json.MAPPER.readTree(answer.body())).isEqualTo(Json.MAPPER.readTree(truth));
        assertThat(mismatches("profile-service", "profiles")).isEqualTo(before + 1);
    }

    @Test
    void everyMetricTheDashboardsUseIsExposedByTheServiceThatShouldExposeIt() {
        // some series appear only after traffic: make sure each service has served a query
        TimeRange all = new TimeRange(BASE, BASE.plusSeconds(4 * 3600));
        awaitAnswer("/user_profiles/" + HOT + "?time_range=" + all.format(), () -> expectedProfile(HOT, all, 200),
                Duration.ofSeconds(30));
        String aggregates = "/aggregates?time_range=2022-03-01T11:59:00_2022-03-01T12:06:00&action=BUY&aggregates=COUNT";
        awaitAnswer(aggregates, () -> expectedAggregates(aggregates), Duration.ofSeconds(90));

        MetricCatalog catalog = MetricCatalog.read(Path.of(System.getProperty("allezon.repo", ".."))
                .resolve(MetricCatalog.FILE));
        for (String service : platform.managementPorts.keySet()) {
            assertThat(catalog.namesExposedBy(service)).as(service).isNotEmpty();
            assertThat(DashboardMetrics.missing(catalog.namesExposedBy(service), platform.prometheus(service)))
                    .as("metrics the dashboards expect from " + service).isEmpty();
        }
    }

    private double mismatches(String module, String query) {
        for (String line : platform.prometheus(module).split("\n")) {
            if (line.startsWith("allezon_debug_mismatches_total{") && line.contains("query=\"" + query + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    static String pathSegment(String cookie) {
        return URLEncoder.encode(cookie, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String expectedProfile(String cookie, TimeRange range, int limit) {
        List<StoredTag> views = new ArrayList<>();
        List<StoredTag> buys = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            UserTag tag = sent.get(i);
            if (tag.cookie().equals(cookie)) {
                (tag.action() == Action.VIEW ? views : buys).add(new StoredTag(tag.epochNanos(), i, tag.json()));
            }
        }
        return ProfileAnswer.render(cookie, ProfileAnswer.select(views, range, limit), ProfileAnswer.select(buys, range, limit));
    }

    static String expectedAggregates(String path) {
        Map<String, List<String>> params = new HashMap<>();
        for (String pair : URI.create(path).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            params.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(kv[1]);
        }
        AggregateQuery query = AggregateQuery.parse(params);
        Map<Long, MinuteTotals> totals = new HashMap<>();
        for (UserTag tag : sent) {
            for (AggregateKey key : AggregateKey.keysOf(tag)) {
                if (key.atMinute(query.fromMinute()).equals(query.key())) {
                    totals.computeIfAbsent(key.epochMinute(), m -> new MinuteTotals()).add(1, tag.price());
                }
            }
        }
        return AggregateAnswer.render(query, totals::get);
    }

    /** Polls (the platform's data latency) until the answer equals the expectation, or fails with the last diff. */
    static void awaitAnswer(String path, Supplier<String> expected, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = platform.post(path, null);
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200
                    && Json.MAPPER.readTree(response.body()).equals(Json.MAPPER.readTree(expected.get()))) {
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // poll interval
        }
        fail("No exact answer for " + path + " within " + patience + "\n" + firstDifference(expected.get(), last));
    }

    /** Where two answers part, with some context, so a failure says what is wrong. */
    private static String firstDifference(String expected, String last) {
        int i = 0;
        String actual = last == null ? "" : last.substring(last.indexOf(' ') + 1);
        while (i < expected.length() && i < actual.length() && expected.charAt(i) == actual.charAt(i)) {
            i++;
        }
        int from = Math.max(0, i - 200);
        return "answers differ at character " + i + " (status and body: " + (last == null ? "none" : last.substring(0, 3))
                + ")\nexpected ..." + expected.substring(from, Math.min(expected.length(), i + 300))
                + "\nactual   ..." + actual.substring(Math.min(from, actual.length()), Math.min(actual.length(), i + 300));
    }
}
