package com.allezon.platform.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.allezon.model.UserTag;
import com.allezon.platform.stream.PlatformRequest;
import com.allezon.platform.stream.RequestKind;
import com.allezon.platform.stream.RequestStream;

class ScoringTest {

    private static final long RATE = 2_000;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> runAgainst(TestTarget target, Duration duration) throws InterruptedException {
        // generous budgets: these tests check the scoring, not the speed of a shared test machine
        Budgets generous = new Budgets(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30));
        LoadRun run = new LoadRun(target.uri(), RATE, 11, duration, generous);
        run.start();
        assertThat(run.awaitTermination(Duration.ofSeconds(90))).isTrue();
        assertThat(run.state()).isEqualTo(LoadRun.State.COMPLETED);
        return run.report();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPerfectServerScoresEverythingCorrect() throws Exception {
        try (TestTarget target = TestTarget.perfect()) {
            Map<String, Object> report = runAgainst(target, Duration.ofSeconds(2));
            Map<String, Object> tags = (Map<String, Object>) report.get("tags");
            Map<String, Object> profiles = (Map<String, Object>) report.get("profiles");
            Map<String, Object> aggregates = (Map<String, Object>) report.get("aggregates");
            assertThat(tags.get("sent")).isEqualTo(4_000L);
            assertThat(target.tagsReceived().size()).isEqualTo(4_000);
            assertThat(tags.get("accepted")).isEqualTo(4_000L);
            assertThat(profiles.get("sent")).isEqualTo(400L);
            assertThat(profiles.get("correct")).isEqualTo(400L);
            assertThat(aggregates.get("sent")).isEqualTo(4L);
            assertThat(aggregates.get("correct")).isEqualTo(4L);
            Map<String, Map<String, Object>> latency = (Map<String, Map<String, Object>>) report.get("latency_ms");
            assertThat(latency.get("tags").get("count")).isEqualTo(4_000L);
            assertThat((double) latency.get("tags").get("max")).isPositive();
            Map<String, Object> progress = (Map<String, Object>) report.get("logical_time_progress");
            assertThat(progress.get("event_time")).isEqualTo("2022-03-01T00:00:04.000Z");
            // the speed is measured over the schedule alone: not over the sender's warm-up before it, and a sender
            // cannot send the last request before it is due
            double sending = (double) progress.get("sending_seconds");
            assertThat(sending).isGreaterThanOrEqualTo(2.0 - 0.01)
                    .isLessThanOrEqualTo((double) progress.get("wall_seconds") - (double) report.get("sender_warm_up_seconds"));
            assertThat((double) progress.get("speed")).isLessThanOrEqualTo(2.0 + 0.01)
                    .isCloseTo((double) progress.get("event_seconds") / sending, within(0.01));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aServerWithWrongProfilesScoresBelowFullMarks() throws Exception {
        TestTarget.Answer wrongProfiles = (path, expected) -> path.startsWith("/user_profiles/")
                ? "{\"cookie\":\"someone else\",\"views\":[],\"buys\":[]}"
                : expected;
        try (TestTarget target = new TestTarget(wrongProfiles)) {
            Map<String, Object> report = runAgainst(target, Duration.ofSeconds(2));
            Map<String, Object> profiles = (Map<String, Object>) report.get("profiles");
            assertThat(profiles.get("sent")).isEqualTo(400L);
            assertThat(profiles.get("correct")).isEqualTo(0L);
            assertThat(profiles.get("wrong")).isEqualTo(400L);
            List<Mismatch> mismatches = (List<Mismatch>) report.get("mismatches");
            assertThat(mismatches).isNotEmpty();
            assertThat(mismatches.get(0).kind()).isEqualTo("profile");
            assertThat(mismatches.get(0).diff().get(0)).startsWith("$.cookie: expected \"").endsWith("got \"someone else\"");
            assertThat(((Map<String, Object>) report.get("aggregates")).get("correct")).isEqualTo(4L);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void answersOverTheBudgetAreTimeouts() throws Exception {
        TestTarget.Answer slowProfiles = (path, expected) -> {
            if (path.startsWith("/user_profiles/")) {
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
            }
            return expected;
        };
        try (TestTarget target = new TestTarget(slowProfiles)) {
            LoadRun run = new LoadRun(target.uri(), 200, 11, Duration.ofMillis(500),
                    new Budgets(Duration.ofSeconds(30), Duration.ofMillis(250), Duration.ofSeconds(30)));
            run.start();
            assertThat(run.awaitTermination(Duration.ofSeconds(60))).isTrue();
            Map<String, Object> profiles = (Map<String, Object>) run.report().get("profiles");
            assertThat(profiles.get("sent")).isEqualTo(10L);
            assertThat(profiles.get("timeouts")).isEqualTo(10L);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDifferingAnswerIsStaleOnlyIfARefusedTagItDependsOnWasSentBeforeIt() {
        // tags of the first event minute whose cookie starts with A, B or C are refused; every query is answered
        // wrongly, long after every tag was answered (so no acceptance is late)
        long rate = 1_000;
        Scoreboard scoreboard = new Scoreboard(Budgets.CONTRACT);
        RequestStream stream = new RequestStream(11, rate);
        Map<String, Long> firstRefusedByCookie = new HashMap<>();
        long firstRefused = Long.MAX_VALUE;
        long[] expectedStale = new long[RequestKind.values().length];
        long[] sent = new long[RequestKind.values().length];
        long answeredLater = System.nanoTime() + Duration.ofHours(1).toNanos();
        for (PlatformRequest request = stream.next(); request.tick() < 200_000; request = stream.next()) {
            RequestKind kind = request.kind();
            long tick = request.tick();
            scoreboard.sent(kind, tick, 0);
            sent[kind.ordinal()]++;
            switch (kind) {
                case TAG -> {
                    String cookie = UserTag.parse(request.body()).cookie();
                    boolean refuse = tick < 60 * rate && "ABC".indexOf(cookie.charAt(0)) >= 0;
                    if (refuse) {
                        firstRefusedByCookie.putIfAbsent(cookie, tick);
                        firstRefused = Math.min(firstRefused, tick);
                    }
                    scoreboard.answered(kind, tick, 0, System.nanoTime(), request.path(), request.body(),
                            refuse ? 503 : 204, "", 1_000);
                }
                case PROFILE -> {
                    String cookie = URLDecoder.decode(request.path().substring("/user_profiles/".length(),
                            request.path().indexOf('?')), StandardCharsets.UTF_8);
                    if (firstRefusedByCookie.getOrDefault(cookie, Long.MAX_VALUE) <= tick) {
                        expectedStale[kind.ordinal()]++;
                    }
                    scoreboard.answered(kind, tick, tick + 1 - 10 * rate, answeredLater, request.path(), request.body(),
                            200, "{\"cookie\":\"someone else\",\"views\":[],\"buys\":[]}", 1_000);
                }
                case AGGREGATES -> {
                    String[] range = request.path().replaceAll(".*time_range=([^&]*).*", "$1").split("_");
                    LocalDateTime firstMinute = LocalDateTime.parse("2022-03-01T00:00:00");
                    boolean coversFirstMinute = !LocalDateTime.parse(range[0]).isAfter(firstMinute)
                            && LocalDateTime.parse(range[1]).isAfter(firstMinute);
                    if (coversFirstMinute && firstRefused <= tick) {
                        expectedStale[kind.ordinal()]++;
                    }
                    scoreboard.answered(kind, tick, tick + 1 - 60 * rate, answeredLater, request.path(), request.body(),
                            200, "{\"columns\":[],\"rows\":[]}", 1_000);
                }
            }
        }

        for (RequestKind kind : List.of(RequestKind.PROFILE, RequestKind.AGGREGATES)) {
            Map<String, Object> score = (Map<String, Object>) scoreboard.report(1, 1).get(Scoreboard.pluralLabel(kind));
            long stale = expectedStale[kind.ordinal()];
            assertThat(stale).as(kind + ": the stream must have both kinds of query").isPositive()
                    .isLessThan(sent[kind.ordinal()]);
            assertThat(score.get("correct")).isEqualTo(0L);
            assertThat(score.get("stale")).as(kind.label()).isEqualTo(stale);
            assertThat(score.get("wrong")).as(kind.label()).isEqualTo(sent[kind.ordinal()] - stale);
        }
    }

    @Test
    void theDiffNamesWhereAnswersDiffer() {
        assertThat(JsonDiff.diff("{\"a\":[1,2],\"b\":\"x\"}", "{\"b\":\"x\",\"a\":[1,2]}")).isEmpty();
        assertThat(JsonDiff.diff("{\"a\":[1,2],\"b\":\"x\"}", "{\"a\":[1],\"b\":\"y\"}"))
                .containsExactly("$.a: 2 elements expected, 1 given", "$.b: expected \"x\", got \"y\"");
        assertThat(JsonDiff.diff("{\"a\":1}", "not json")).singleElement().asString().startsWith("$: the answer is not JSON");
    }
}
