package com.allezon.aggregate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.allezon.aggregate.RandomTags;
import com.allezon.aggregate.storage.AggregateReader;
import com.allezon.model.AggregateKey;
import com.allezon.model.AggregateQuery;
import com.allezon.model.MinuteTotals;
import com.allezon.web.DebugAnswerCheck;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Mono;

/** The HTTP contract of {@code POST /aggregates} over an in-memory table filled from random tags. */
@WebFluxTest(AggregatesController.class)
@Import({DebugAnswerCheck.class, AggregatesControllerTest.Fixture.class})
class AggregatesControllerTest {

    static final Instant START = Instant.parse("2022-03-01T00:00:00Z");
    static final List<String> TAGS = new RandomTags(11).next(4000, START);
    static final Map<AggregateKey, MinuteTotals> BRUTE_FORCE = RandomTags.bruteForce(TAGS);

    @TestConfiguration
    static class Fixture {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        AggregateReader reader() {
            return (series, from, to) -> {
                Map<Long, MinuteTotals> totals = new LinkedHashMap<>();
                for (long m = from; m < to; m++) {
                    MinuteTotals t = BRUTE_FORCE.get(series.atMinute(m));
                    if (t != null) {
                        totals.put(m, t);
                    }
                }
                return Mono.just(totals);
            };
        }
    }

    @Autowired
    WebTestClient client;
    @Autowired
    DebugAnswerCheck debug;

    static String query(Map<String, String> filters, String... more) {
        StringBuilder q = new StringBuilder("/aggregates?");
        String sep = "";
        for (int i = 0; i < more.length; i += 2) {
            q.append(sep).append(more[i]).append('=').append(encode(more[i + 1]));
            sep = "&";
        }
        filters.forEach((name, value) -> q.append('&').append(name).append('=').append(encode(value)));
        return q.toString();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static AggregateQuery parsed(String uri) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        String raw = URI.create(uri).getRawQuery();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            params.computeIfAbsent(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    k -> new java.util.ArrayList<>()).add(java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return AggregateQuery.parse(params);
    }

    @Test
    void everyFilterComboAndBothAggregateOrdersEqualTheBruteForce() {
        for (Map<String, String> filters : RandomTags.filterCombos()) {
            for (String[] order : new String[][] {{"COUNT", "SUM_PRICE"}, {"SUM_PRICE", "COUNT"}, {"SUM_PRICE"}}) {
                for (String action : List.of("VIEW", "BUY")) {
                    String[] params = order.length == 2
                            ? new String[] {"time_range", "2022-03-01T00:00:00_2022-03-01T00:09:00", "action", action,
                                    "aggregates", order[0], "aggregates", order[1]}
                            : new String[] {"time_range", "2022-03-01T00:00:00.000_2022-03-01T00:09:00.000",
                                    "action", action, "aggregates", order[0]};
                    String uri = query(filters, params);
                    String expected = RandomTags.expectedAnswer(parsed(uri), BRUTE_FORCE);
                    client.post().uri(URI.create(uri)).exchange()
                            .expectStatus().isOk()
                            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                            .expectBody(String.class).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void columnsFollowTheSpecOrderAndEveryBucketHasARowOfStrings() {
        String uri = query(Map.of("category_id", "hats", "origin", "shop", "brand_id", "Nike"),
                "time_range", "2022-03-01T00:00:00_2022-03-01T00:10:00", "action", "BUY",
                "aggregates", "SUM_PRICE", "aggregates", "COUNT");
        client.post().uri(URI.create(uri)).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.columns").isEqualTo(List.of("1m_bucket", "action", "origin", "brand_id", "category_id",
                        "sum_price", "count"))
                .jsonPath("$.rows.length()").isEqualTo(10)
                .jsonPath("$.rows[0][0]").isEqualTo("2022-03-01T00:00:00")
                .jsonPath("$.rows[9][0]").isEqualTo("2022-03-01T00:09:00")
                .jsonPath("$.rows[9][1]").isEqualTo("BUY")
                .jsonPath("$.rows[9][2]").isEqualTo("shop")
                .jsonPath("$.rows[9][5]").isEqualTo("0")
                .jsonPath("$.rows[9][6]").isEqualTo("0");
    }

    @Test
    void anEmptyRangeHasNoRows() {
        client.post().uri(URI.create(query(Map.of(), "time_range", "2022-03-01T00:05:00_2022-03-01T00:05:00",
                        "action", "VIEW", "aggregates", "COUNT")))
                .exchange().expectStatus().isOk()
                .expectBody(String.class).isEqualTo("{\"columns\":[\"1m_bucket\",\"action\",\"count\"],\"rows\":[]}");
    }

    @Test
    void debugModeCountsAMismatchAndStillAnswersWhatItComputed() {
        String uri = query(Map.of("brand_id", "Nike"), "time_range", "2022-03-01T00:00:00_2022-03-01T00:03:00",
                "action", "VIEW", "aggregates", "COUNT");
        String expected = RandomTags.expectedAnswer(parsed(uri), BRUTE_FORCE);
        double before = debug.mismatches("aggregates").count();

        client.post().uri(URI.create(uri)).contentType(MediaType.APPLICATION_JSON).bodyValue(expected)
                .exchange().expectStatus().isOk().expectBody(String.class).isEqualTo(expected);
        assertThat(debug.mismatches("aggregates").count()).isEqualTo(before);

        String wrong = expected.replaceFirst("\\[\"2022-03-01T00:00:00\",\"VIEW\",\"Nike\",\"\\d+\"",
                "[\"2022-03-01T00:00:00\",\"VIEW\",\"Nike\",\"-1\"");
        assertThat(wrong).isNotEqualTo(expected);
        client.post().uri(URI.create(uri)).contentType(MediaType.APPLICATION_JSON).bodyValue(wrong)
                .exchange().expectStatus().isOk().expectBody(String.class).isEqualTo(expected);
        assertThat(debug.mismatches("aggregates").count()).isEqualTo(before + 1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "aggregates missing | time_range=2022-03-01T00:00:00_2022-03-01T00:05:00&action=VIEW | aggregates",
            "aggregates empty | time_range=2022-03-01T00:00:00_2022-03-01T00:05:00&action=VIEW&aggregates= | aggregates",
            "aggregates unknown | time_range=2022-03-01T00:00:00_2022-03-01T00:05:00&action=VIEW&aggregates=AVG | aggregates",
            "aggregates repeated | time_range=2022-03-01T00:00:00_2022-03-01T00:05:00&action=VIEW&aggregates=COUNT&aggregates=COUNT | aggregates",
            "aggregates lower-case | time_range=2022-03-01T00:00:00_2022-03-01T00:05:00&action=VIEW&aggregates=count | aggregates",
            "action missing | time_range=2022-03-01T00:00:00_2022-03-01T00:05:00&aggregates=COUNT | action",
            "action unknown | time_range=2022-03-01T00:00:00_2022-03-01T00:05:00&action=CLICK&aggregates=COUNT | action",
            "range not whole minutes | time_range=2022-03-01T00:00:30_2022-03-01T00:05:00&action=VIEW&aggregates=COUNT | time_range",
            "range with millis | time_range=2022-03-01T00:00:00.001_2022-03-01T00:05:00&action=VIEW&aggregates=COUNT | time_range",
            "from after to | time_range=2022-03-01T00:05:00_2022-03-01T00:00:00&action=VIEW&aggregates=COUNT | time_range",
            "range missing | action=VIEW&aggregates=COUNT | time_range",
            "range malformed | time_range=yesterday&action=VIEW&aggregates=COUNT | time_range",
    })
    void clientMistakesAreProblemDocumentsNamingTheField(String name, String queryString, String field) {
        client.post().uri(URI.create("/aggregates?" + queryString)).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.field").isEqualTo(field);
    }

    @Test
    void tagsOfTheFixtureSpanTheQueriedMinutes() {
        // guards the fixture: the contract tests above compare non-trivial numbers
        assertThat(BRUTE_FORCE.keySet().stream().map(AggregateKey::epochMinute).collect(Collectors.toSet()))
                .hasSizeGreaterThanOrEqualTo(3);
    }
}
