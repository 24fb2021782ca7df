package com.allezon.platform.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

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
    void theDiffNamesWhereAnswersDiffer() {
        assertThat(JsonDiff.diff("{\"a\":[1,2],\"b\":\"x\"}", "{\"b\":\"x\",\"a\":[1,2]}")).isEmpty();
        assertThat(JsonDiff.diff("{\"a\":[1,2],\"b\":\"x\"}", "{\"a\":[1],\"b\":\"y\"}"))
                .containsExactly("$.a: 2 elements expected, 1 given", "$.b: expected \"x\", got \"y\"");
        assertThat(JsonDiff.diff("{\"a\":1}", "not json")).singleElement().asString().startsWith("$: the answer is not JSON");
    }
}
