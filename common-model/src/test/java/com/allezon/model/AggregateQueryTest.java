package com.allezon.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AggregateQueryTest {

    static final String RANGE = "2022-03-01T00:05:00_2022-03-01T00:08:00";

    /** A query string as name/value pairs, in order; a name may repeat. */
    static Map<String, List<String>> params(String... pairs) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.computeIfAbsent(pairs[i], k -> new ArrayList<>()).add(pairs[i + 1]);
        }
        return params;
    }

    static void assertRejected(Map<String, List<String>> params, String field) {
        assertThatThrownBy(() -> AggregateQuery.parse(params))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void parsesAValidQuery() {
        AggregateQuery query = AggregateQuery.parse(params("time_range", RANGE, "action", "BUY",
                "aggregates", "COUNT", "aggregates", "SUM_PRICE", "brand_id", "Nike"));
        assertThat(query.fromMinute()).isEqualTo(EventTimesTest.MARCH_1_MINUTE + 5);
        assertThat(query.toMinute()).isEqualTo(EventTimesTest.MARCH_1_MINUTE + 8);
        assertThat(query.action()).isEqualTo(Action.BUY);
        assertThat(query.aggregates()).containsExactly(AggregateFunction.COUNT, AggregateFunction.SUM_PRICE);
        assertThat(query.origin()).isNull();
        assertThat(query.brandId()).isEqualTo("Nike");
        assertThat(query.categoryId()).isNull();
        assertThat(query.key()).isEqualTo(
                new AggregateKey(EventTimesTest.MARCH_1_MINUTE + 5, Action.BUY, null, "Nike", null));
    }

    @Test
    void keepsTheAggregatesOrderOfTheQuery() {
        AggregateQuery query = AggregateQuery.parse(params("time_range", RANGE, "action", "VIEW",
                "aggregates", "SUM_PRICE", "aggregates", "COUNT"));
        assertThat(query.aggregates()).containsExactly(AggregateFunction.SUM_PRICE, AggregateFunction.COUNT);
        assertThat(query.columns()).containsExactly("1m_bucket", "action", "sum_price", "count");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2022-03-01T00:05:00.000_2022-03-01T00:08:00.000", "2022-03-01T00:05:00Z_2022-03-01T00:08:00Z",
            "2022-03-01T00:05:00.000000000_2022-03-01T00:08:00"})
    void wholeMinutesMayBeWrittenWithZeroMillisOrZ(String range) {
        AggregateQuery query = AggregateQuery.parse(params("time_range", range, "action", "VIEW", "aggregates", "COUNT"));
        assertThat(query.fromMinute()).isEqualTo(EventTimesTest.MARCH_1_MINUTE + 5);
        assertThat(query.toMinute()).isEqualTo(EventTimesTest.MARCH_1_MINUTE + 8);
    }

    @Test
    void emptyRangeAndExactlySevenDaysAreAllowed() {
        AggregateQuery empty = AggregateQuery.parse(params("time_range", "2022-03-01T00:05:00_2022-03-01T00:05:00",
                "action", "VIEW", "aggregates", "COUNT"));
        assertThat(empty.toMinute()).isEqualTo(empty.fromMinute());
        AggregateQuery week = AggregateQuery.parse(params("time_range", "2022-03-01T00:00:00_2022-03-08T00:00:00",
                "action", "VIEW", "aggregates", "COUNT"));
        assertThat(week.toMinute() - week.fromMinute()).isEqualTo(7 * 24 * 60);
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("aggregates", params("time_range", RANGE, "action", "BUY")),
                Arguments.of("aggregates", with(params("time_range", RANGE, "action", "BUY"), "aggregates", List.of())),
                Arguments.of("aggregates", params("time_range", RANGE, "action", "BUY", "aggregates", "")),
                Arguments.of("aggregates", params("time_range", RANGE, "action", "BUY", "aggregates", "AVG")),
                Arguments.of("aggregates", params("time_range", RANGE, "action", "BUY", "aggregates", "count")),
                Arguments.of("aggregates", params("time_range", RANGE, "action", "BUY", "aggregates", "COUNT",
                        "aggregates", "MAX")),
                Arguments.of("aggregates", params("time_range", RANGE, "action", "BUY", "aggregates", "COUNT",
                        "aggregates", "COUNT")),
                Arguments.of("aggregates", params("time_range", RANGE, "action", "BUY", "aggregates", "SUM_PRICE",
                        "aggregates", "COUNT", "aggregates", "SUM_PRICE")),
                Arguments.of("action", params("time_range", RANGE, "aggregates", "COUNT")),
                Arguments.of("action", params("time_range", RANGE, "action", "PURCHASE", "aggregates", "COUNT")),
                Arguments.of("action", params("time_range", RANGE, "action", "buy", "aggregates", "COUNT")),
                Arguments.of("action", params("time_range", RANGE, "action", "", "aggregates", "COUNT")),
                Arguments.of("action", params("time_range", RANGE, "action", "BUY", "action", "VIEW",
                        "aggregates", "COUNT")),
                Arguments.of("time_range", params("action", "BUY", "aggregates", "COUNT")),
                Arguments.of("time_range", params("time_range", "2022-03-01T00:05:30_2022-03-01T00:08:00",
                        "action", "BUY", "aggregates", "COUNT")),
                Arguments.of("time_range", params("time_range", "2022-03-01T00:05:00_2022-03-01T00:08:01",
                        "action", "BUY", "aggregates", "COUNT")),
                Arguments.of("time_range", params("time_range", "2022-03-01T00:05:00.500_2022-03-01T00:08:00",
                        "action", "BUY", "aggregates", "COUNT")),
                Arguments.of("time_range", params("time_range", "2022-03-01T00:05:00_2022-03-01T00:08:00.001",
                        "action", "BUY", "aggregates", "COUNT")),
                Arguments.of("time_range", params("time_range", "2022-03-01T00:08:00_2022-03-01T00:05:00",
                        "action", "BUY", "aggregates", "COUNT")),
                Arguments.of("time_range", params("time_range", "2022-03-01T00:00:00_2022-03-08T00:01:00",
                        "action", "BUY", "aggregates", "COUNT")),
                Arguments.of("time_range", params("time_range", "2022-03-01T00:00:00_2023-03-01T00:00:00",
                        "action", "BUY", "aggregates", "COUNT")),
                Arguments.of("time_range", params("time_range", "2022-03-01T00:05:00",
                        "action", "BUY", "aggregates", "COUNT")),
                Arguments.of("origin", params("time_range", RANGE, "action", "BUY", "aggregates", "COUNT",
                        "origin", "a", "origin", "b")));
    }

    static Map<String, List<String>> with(Map<String, List<String>> params, String name, List<String> values) {
        params.put(name, values);
        return params;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("mistakes")
    void everyClientMistakeNamesItsField(String field, Map<String, List<String>> params) {
        assertRejected(params, field);
    }

    static Stream<Arguments> filterCombinations() {
        List<Arguments> all = new ArrayList<>();
        for (int dims = 0; dims < 8; dims++) {
            for (List<String> aggregates : List.of(List.of("COUNT"), List.of("SUM_PRICE"),
                    List.of("COUNT", "SUM_PRICE"), List.of("SUM_PRICE", "COUNT"))) {
                all.add(Arguments.of(dims, aggregates));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "dims {0}, {1}")
    @MethodSource("filterCombinations")
    void columnsAreBucketActionFiltersInFixedOrderThenAggregatesInQueryOrder(int dims, List<String> aggregates) {
        // the query names its filters in the reverse of the column order, to show that order does not matter
        List<String> pairs = new ArrayList<>(List.of("time_range", RANGE, "action", "VIEW"));
        List<String> expected = new ArrayList<>(List.of("1m_bucket", "action"));
        if ((dims & 4) != 0) {
            pairs.addAll(List.of("category_id", "c"));
        }
        if ((dims & 2) != 0) {
            pairs.addAll(List.of("brand_id", "b"));
        }
        if ((dims & 1) != 0) {
            pairs.addAll(List.of("origin", "o"));
        }
        if ((dims & 1) != 0) {
            expected.add("origin");
        }
        if ((dims & 2) != 0) {
            expected.add("brand_id");
        }
        if ((dims & 4) != 0) {
            expected.add("category_id");
        }
        for (String aggregate : aggregates) {
            pairs.addAll(List.of("aggregates", aggregate));
            expected.add(aggregate.toLowerCase());
        }
        AggregateQuery query = AggregateQuery.parse(params(pairs.toArray(String[]::new)));
        assertThat(query.columns()).containsExactlyElementsOf(expected);
        assertThat(query.key().dimensions()).isEqualTo(dims);
    }
}
