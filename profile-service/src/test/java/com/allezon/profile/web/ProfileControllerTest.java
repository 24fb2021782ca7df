package com.allezon.profile.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriUtils;

import com.allezon.model.Action;
import com.allezon.model.EventTimes;
import com.allezon.model.Json;
import com.allezon.model.ProfileAnswer;
import com.allezon.model.ProfileAnswer.StoredTag;
import com.allezon.model.TimeRange;
import com.allezon.model.UserTag;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.allezon.profile.InMemoryProfileStore;
import com.allezon.profile.TestTags;
import com.allezon.web.DebugAnswerCheck;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.JsonNode;

/** The HTTP contract of {@code /user_profiles}, with storage replaced by {@link InMemoryProfileStore}. */
@WebFluxTest(ProfileController.class)
@Import({DebugAnswerCheck.class, ProfileControllerTest.Beans.class})
class ProfileControllerTest {

    private static final Instant BASE = Instant.parse("2022-03-01T00:00:00Z");
    private static final String WHOLE_DAY = "2022-03-01T00:00:00.000_2022-03-02T00:00:00.000";

    @TestConfiguration
    static class Beans {
        @Bean
        InMemoryProfileStore store() {
            return new InMemoryProfileStore();
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Autowired
    WebTestClient web;
    @Autowired
    InMemoryProfileStore store;
    @Autowired
    DebugAnswerCheck debugCheck;

    private long nextSequence;

    private StoredTag save(String json) {
        UserTag tag = UserTag.parse(json);
        long sequence = nextSequence++;
        store.save(tag, sequence).block();
        return new StoredTag(tag.epochNanos(), sequence, tag.json());
    }

    private WebTestClient.ResponseSpec post(String rawPathAndQuery) {
        return web.post().uri(URI.create(rawPathAndQuery)).exchange();
    }

    private static String profilePath(String cookie) {
        return "/user_profiles/" + UriUtils.encodePathSegment(cookie, StandardCharsets.UTF_8);
    }

    private void expectProblem(String rawPathAndQuery, String field) {
        post(rawPathAndQuery)
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.field").isEqualTo(field)
                .jsonPath("$.detail").isNotEmpty();
    }

    @Test
    void aStoreThatCannotAnswerIsA503ProblemToRetryNotA500() {
        store.readFailure = new DriverTimeoutException("Query timed out after PT2S");
        try {
            post("/user_profiles/c1?time_range=" + WHOLE_DAY)
                    .expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals("Retry-After", "1")
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.status").isEqualTo(503)
                    .jsonPath("$.title").isEqualTo("Store unavailable");
            store.readFailure = new IllegalStateException("a bug");
            post("/user_profiles/c1?time_range=" + WHOLE_DAY).expectStatus().isEqualTo(500);
        } finally {
            store.readFailure = null;
        }
    }

    @Test
    void missingTimeRangeIsAProblemNamingIt() {
        expectProblem("/user_profiles/c1", "time_range");
        expectProblem("/user_profiles/c1?limit=5", "time_range");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2022-03-01T00:00:00", "2022-03-01T00:00:00_",
            "_2022-03-01T00:00:00", "2022-03-01T00:00:00_2022-03-01T00:05:00_2022-03-01T00:06:00",
            "2022-03-01 00:00:00_2022-03-01 00:05:00", "2022-13-01T00:00:00_2022-13-01T00:05:00",
            "2022-03-01T00:00:00+01:00_2022-03-01T00:05:00"})
    void malformedTimeRangeIsAProblemNamingIt(String timeRange) {
        expectProblem("/user_profiles/c1?time_range=" + UriUtils.encodeQueryParam(timeRange, StandardCharsets.UTF_8),
                "time_range");
    }

    @Test
    void rangeEndingBeforeItStartsIsAProblem() {
        expectProblem("/user_profiles/c1?time_range=2022-03-01T00:05:00.001_2022-03-01T00:05:00.000", "time_range");
    }

    @Test
    void emptyRangeIsAnEmptyAnswer() {
        save(TestTags.tag("c-empty", Action.VIEW, "2022-03-01T00:05:00.000Z", false, new Random(1)));
        post("/user_profiles/c-empty?time_range=2022-03-01T00:05:00.000_2022-03-01T00:05:00.000")
                .expectStatus().isOk()
                .expectBody(String.class).isEqualTo(ProfileAnswer.render("c-empty", List.of(), List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "1.5", "", "0x10", "-0", "1e3"})
    void badLimitIsAProblemNamingIt(String limit) {
        expectProblem("/user_profiles/c1?time_range=" + WHOLE_DAY + "&limit="
                + UriUtils.encodeQueryParam(limit, StandardCharsets.UTF_8), "limit");
    }

    @Test
    void unknownCookieHasEmptyLists() {
        post("/user_profiles/nobody-has-this-cookie?time_range=" + WHOLE_DAY)
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.cookie").isEqualTo("nobody-has-this-cookie")
                .jsonPath("$.views").isArray()
                .jsonPath("$.views.length()").isEqualTo(0)
                .jsonPath("$.buys").isArray()
                .jsonPath("$.buys.length()").isEqualTo(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "\"quoted\"", "it's", "zażółć gęślą jaźń ☕ 🍪", "a+b", "a;b=c", "100%",
            "?&=#", "  spaces  ", "back\\slash"})
    void cookieRoundTrips(String cookie) {
        StoredTag saved = save(TestTags.tag(cookie, Action.BUY, "2022-03-01T00:00:01.000Z", true, new Random(2)));
        byte[] body = post(profilePath(cookie) + "?time_range=" + WHOLE_DAY)
                .expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        String answer = new String(body, StandardCharsets.UTF_8);
        assertThat(answer).isEqualTo(ProfileAnswer.render(cookie, List.of(), List.of(saved)));
        assertThat(Json.MAPPER.readTree(body).get("cookie").stringValue()).isEqualTo(cookie);
    }

    @Test
    void encodedSlashStaysInsideTheCookieAndPlusIsNotASpace() {
        StoredTag slash = save(TestTags.tag("x/y", Action.VIEW, "2022-03-01T00:00:02.000Z", false, new Random(3)));
        StoredTag plus = save(TestTags.tag("x+y", Action.VIEW, "2022-03-01T00:00:02.000Z", false, new Random(4)));
        post("/user_profiles/x%2Fy?time_range=" + WHOLE_DAY).expectStatus().isOk()
                .expectBody(String.class).isEqualTo(ProfileAnswer.render("x/y", List.of(slash), List.of()));
        post("/user_profiles/x%2fy?time_range=" + WHOLE_DAY).expectStatus().isOk()
                .expectBody(String.class).isEqualTo(ProfileAnswer.render("x/y", List.of(slash), List.of()));
        post("/user_profiles/x+y?time_range=" + WHOLE_DAY).expectStatus().isOk()
                .expectBody(String.class).isEqualTo(ProfileAnswer.render("x+y", List.of(plus), List.of()));
        post("/user_profiles/x%2By?time_range=" + WHOLE_DAY).expectStatus().isOk()
                .expectBody(String.class).isEqualTo(ProfileAnswer.render("x+y", List.of(plus), List.of()));
    }

    @Test
    void answersFollowTheSelectionRulesOverTheCap() {
        Random random = new Random(42);
        String cookie = "hot";
        List<StoredTag> views = new ArrayList<>();
        List<StoredTag> buys = new ArrayList<>();
        for (int i = 0; i < 520; i++) {
            Action action = random.nextInt(3) == 0 ? Action.BUY : Action.VIEW;
            // 60 distinct milliseconds per 100 tags: plenty of equal times, ordered by arrival
            Instant time = BASE.plusMillis(random.nextInt(312));
            StoredTag saved = save(TestTags.tag(cookie, action, EventTimes.formatTagTime(time), random.nextBoolean(), random));
            (action == Action.VIEW ? views : buys).add(saved);
        }
        assertThat(views).hasSizeGreaterThan(200);
        assertThat(buys).hasSizeGreaterThan(100);
        List<String> queries = new ArrayList<>();
        queries.add("time_range=" + WHOLE_DAY);
        queries.add("time_range=" + WHOLE_DAY + "&limit=500");
        queries.add("time_range=" + WHOLE_DAY + "&limit=0");
        queries.add("time_range=" + WHOLE_DAY + "&limit=7");
        for (int i = 0; i < 40; i++) {
            Instant a = BASE.plusMillis(random.nextInt(330) - 10);
            Instant b = BASE.plusMillis(random.nextInt(330) - 10);
            Instant from = a.isBefore(b) ? a : b;
            Instant to = a.isBefore(b) ? b : a;
            String range = EventTimes.formatQueryTime(from) + "_" + EventTimes.formatQueryTime(to);
            queries.add("time_range=" + range + (i % 2 == 0 ? "&limit=" + random.nextInt(250) : ""));
        }
        for (String query : queries) {
            var params = org.springframework.web.util.UriComponentsBuilder.fromUriString("/?" + query).build().getQueryParams();
            TimeRange range = TimeRange.parse(params.getFirst("time_range"));
            int limit = params.containsKey("limit") ? Math.min(200, Integer.parseInt(params.getFirst("limit"))) : 200;
            String expected = ProfileAnswer.render(cookie, ProfileAnswer.select(views, range, limit),
                    ProfileAnswer.select(buys, range, limit));
            post("/user_profiles/hot?" + query).expectStatus().isOk()
                    .expectBody(String.class).isEqualTo(expected);
        }
    }

    @Test
    void smallLimitsReadOnlyWhatTheyNeedAndStillRankExactly() {
        Random random = new Random(7);
        List<StoredTag> views = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            views.add(save(TestTags.tag("many", Action.VIEW, EventTimes.formatTagTime(BASE.plusMillis(i)), true, random)));
        }
        record Case(String range, int limit, int reads) {
        }
        List<Case> cases = List.of(
                // the newest 5: one short read per action
                new Case(WHOLE_DAY, 5, 2),
                // 10 ms inside the newest rows, 3 wanted: the first read holds them
                new Case(range(280, 290), 3, 2),
                // rows ranked beyond 200: the short read finds none of the range, a full read proves it empty
                new Case(range(50, 60), 5, 3),
                // a range end 150 rows back: the short read is all newer rows, the full read finds the range
                new Case(range(100, 150), 4, 3),
                // a limit near the cap reads the cap at once
                new Case(WHOLE_DAY, 190, 2));
        for (Case c : cases) {
            store.reads.set(0);
            TimeRange range = TimeRange.parse(c.range());
            String expected = ProfileAnswer.render("many", ProfileAnswer.select(views, range, c.limit()), List.of());
            post("/user_profiles/many?time_range=" + c.range() + "&limit=" + c.limit())
                    .expectStatus().isOk().expectBody(String.class).isEqualTo(expected);
            assertThat(store.reads.get()).as("reads for %s", c).isEqualTo(c.reads());
        }
    }

    private static String range(int fromMillis, int toMillis) {
        return EventTimes.formatQueryTime(BASE.plusMillis(fromMillis)) + "_" + EventTimes.formatQueryTime(BASE.plusMillis(toMillis));
    }

    @Test
    void tagsComeBackVerbatim() {
        String[] times = {"2022-03-01T00:00:03Z", "2022-03-01T00:00:03.000000001Z", "2022-03-01T00:00:03.120Z",
                "2022-03-01T00:00:03.123456Z"};
        List<StoredTag> saved = new ArrayList<>();
        for (int i = 0; i < times.length; i++) {
            saved.add(save(TestTags.tag("verbatim", Action.VIEW, times[i], i % 2 == 0, new Random(i))));
        }
        byte[] body = post("/user_profiles/verbatim?time_range=" + WHOLE_DAY).expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        JsonNode views = Json.MAPPER.readTree(body).get("views");
        assertThat(views).hasSize(times.length);
        for (int i = 0; i < times.length; i++) {
            // newest first: the input is in ascending time order
            JsonNode view = views.get(times.length - 1 - i);
            assertThat(view.get("time").stringValue()).isEqualTo(times[i]);
            assertThat(view.get("product_info").get("product_id").isString()).isEqualTo(i % 2 == 0);
            assertThat(view.get("product_info").get("product_id").isIntegralNumber()).isEqualTo(i % 2 != 0);
            assertThat(view.toString()).isEqualTo(saved.get(i).json());
        }
    }

    @Test
    void debugModeCountsAMismatchAndStillAnswersTheComputedProfile() {
        StoredTag saved = save(TestTags.tag("debug", Action.VIEW, "2022-03-01T00:00:04.000Z", false, new Random(5)));
        String computed = ProfileAnswer.render("debug", List.of(saved), List.of());
        double before = debugCheck.mismatches("profiles").count();

        web.post().uri(URI.create("/user_profiles/debug?time_range=" + WHOLE_DAY))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(computed)
                .exchange().expectStatus().isOk().expectBody(String.class).isEqualTo(computed);
        assertThat(debugCheck.mismatches("profiles").count()).isEqualTo(before);

        String wrong = ProfileAnswer.render("debug", List.of(), List.of());
        web.post().uri(URI.create("/user_profiles/debug?time_range=" + WHOLE_DAY))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(wrong)
                .exchange().expectStatus().isOk().expectBody(String.class).isEqualTo(computed);
        assertThat(debugCheck.mismatches("profiles").count()).isEqualTo(before + 1);
    }

    @Test
    void debugBodiesOfSeveralMegabytesAreAcceptedAndHugeOnesRefused() {
        byte[] fourMegabytes = new byte[4 * 1024 * 1024];
        java.util.Arrays.fill(fourMegabytes, (byte) ' ');
        web.post().uri(URI.create("/user_profiles/big?time_range=" + WHOLE_DAY))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(fourMegabytes)
                .exchange().expectStatus().isOk();
        byte[] tooBig = new byte[ProfileController.MAX_BODY_BYTES + 1];
        web.post().uri(URI.create("/user_profiles/big?time_range=" + WHOLE_DAY))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(tooBig)
                .exchange().expectStatus().isEqualTo(413);
    }
}
