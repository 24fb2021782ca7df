package com.allezon.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.allezon.model.Json;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.JsonNode;

class DebugAnswerCheckTest {

    static final String PROFILE = """
            {"cookie":"c","views":[{"time":"2022-03-01T00:00:01.000Z","product_info":{"product_id":1}},
            {"time":"2022-03-01T00:00:00.000Z","product_info":{"product_id":2}}],"buys":[]}""";

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final DebugAnswerCheck check = new DebugAnswerCheck(registry);

    static JsonNode tree(String json) {
        return Json.MAPPER.readTree(json);
    }

    static String difference(String expected, String actual) {
        return DebugAnswerCheck.firstDifference("", tree(expected), tree(actual));
    }

    double mismatches(String query) {
        Counter counter = registry.find("allezon.debug.mismatches").tag("query", query).counter();
        return counter == null ? 0 : counter.count();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void equalTreesHaveNoDifference() {
        assertThat(difference(PROFILE, PROFILE)).isNull();
        assertThat(difference("{\"a\":1,\"b\":[\"x\"]}", "{\"b\":[\"x\"],\"a\":1}")).isNull();
        assertThat(difference("[]", "[]")).isNull();
    }

    @Test
    void differingElementIsNamedByItsPath() {
        String actual = PROFILE.replace("00:00:00.000Z", "00:00:00.001Z");
        assertThat(difference(PROFILE, actual))
                .startsWith("/views/1/time")
                .contains("00:00:00.000Z").contains("00:00:00.001Z");
        assertThat(difference(PROFILE, PROFILE.replace("\"product_id\":2", "\"product_id\":\"2\"")))
                .startsWith("/views/1/product_info/product_id");
    }

    @Test
    void aggregatesRowValueDifferenceIsNamed() {
        String expected = "{\"columns\":[\"1m_bucket\",\"action\",\"count\"],\"rows\":[[\"2022-03-01T00:05:00\",\"BUY\",\"3\"],"
                + "[\"2022-03-01T00:06:00\",\"BUY\",\"0\"]]}";
        assertThat(difference(expected, expected.replace("\"0\"]", "\"1\"]"))).startsWith("/rows/1/2");
        assertThat(difference(expected, expected.replace("\"3\"", "3"))).startsWith("/rows/0/2");
    }

    @Test
    void differentArraySizeIsNamedByTheArray() {
        String fewer = "{\"cookie\":\"c\",\"views\":[{\"time\":\"2022-03-01T00:00:01.000Z\",\"product_info\":{\"product_id\":1}}],\"buys\":[]}";
        assertThat(difference(PROFILE, fewer)).startsWith("/views").doesNotStartWith("/views/").contains("2").contains("1");
        assertThat(difference(fewer, PROFILE)).startsWith("/views").doesNotStartWith("/views/");
        assertThat(difference("{\"buys\":[]}", "{\"buys\":[{}]}")).startsWith("/buys");
    }

    @Test
    void missingFieldIsNamed() {
        assertThat(difference(PROFILE, PROFILE.replace("\"cookie\":\"c\",", ""))).startsWith("/cookie");
        assertThat(difference(PROFILE, PROFILE.replace(",\"product_info\":{\"product_id\":2}", "")))
                .startsWith("/views/1/product_info");
    }

    @Test
    void extraFieldInTheComputedAnswerIsADifference() {
        assertThat(difference("{\"a\":1}", "{\"a\":1,\"b\":2}")).isNotNull();
        assertThat(difference("{\"x\":{\"a\":1}}", "{\"x\":{\"a\":1,\"b\":2}}")).startsWith("/x");
    }

    @Test
    void differentKindsOfValueAreADifference() {
        assertThat(difference("{\"views\":[]}", "{\"views\":null}")).startsWith("/views");
        assertThat(difference("[1]", "{\"0\":1}")).isNotNull();
        assertThat(difference("1", "2")).isNotNull();
    }

    @Test
    void longValuesAreShortenedInTheMessage() {
        String expected = "{\"v\":\"" + "x".repeat(10_000) + "\"}";
        String actual = "{\"v\":\"" + "y".repeat(10_000) + "\"}";
        assertThat(difference(expected, actual)).startsWith("/v").hasSizeLessThan(1_000);
    }

    @Test
    void mismatchIsCountedWithItsQuery() {
        assertThat(check.check("profile", "POST /user_profiles/c", PROFILE,
                bytes(PROFILE.replace("\"cookie\":\"c\"", "\"cookie\":\"d\"")))).isTrue();
        assertThat(mismatches("profile")).isEqualTo(1);
        assertThat(mismatches("aggregates")).isZero();

        assertThat(check.check("aggregates", "POST /aggregates", "{\"rows\":[]}", bytes("{\"rows\":[[]]}"))).isTrue();
        assertThat(check.check("profile", "POST /user_profiles/c", PROFILE, bytes("{}"))).isTrue();
        assertThat(mismatches("profile")).isEqualTo(2);
        assertThat(mismatches("aggregates")).isEqualTo(1);
    }

    @Test
    void matchingAnswerIsNotCounted() {
        String reordered = "{\"buys\":[],\"views\":" + tree(PROFILE).get("views") + ",\"cookie\":\"c\"}";
        assertThat(check.check("profile", "POST /user_profiles/c", PROFILE, bytes(PROFILE))).isFalse();
        assertThat(check.check("profile", "POST /user_profiles/c", PROFILE, bytes(reordered))).isFalse();
        assertThat(mismatches("profile")).isZero();
    }

    @Test
    void noExpectationIsNotCounted() {
        assertThat(check.check("profile", "POST /user_profiles/c", PROFILE, null)).isFalse();
        assertThat(check.check("profile", "POST /user_profiles/c", PROFILE, new byte[0])).isFalse();
        assertThat(mismatches("profile")).isZero();
    }

    @Test
    void expectationThatIsNotJsonDoesNotBreakTheQuery() {
        // the answer is computed regardless; the check itself must not throw
        check.check("profile", "POST /user_profiles/c", PROFILE, bytes("{not json"));
        assertThat(mismatches("aggregates")).isZero();
    }
}
