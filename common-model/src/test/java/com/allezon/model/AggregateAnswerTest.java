package com.allezon.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

class AggregateAnswerTest {

    static final long M = EventTimesTest.MARCH_1_MINUTE;

    static AggregateQuery query(long from, long to, String origin, String brand, String category,
                                AggregateFunction... aggregates) {
        return new AggregateQuery(from, to, Action.BUY, List.of(aggregates), origin, brand, category);
    }

    @Test
    void rendersTheSpecExampleWithARowForEveryMinute() {
        AggregateQuery query = query(M + 5, M + 8, null, "Nike", null, AggregateFunction.COUNT, AggregateFunction.SUM_PRICE);
        Map<Long, MinuteTotals> totals = Map.of(M + 5, new MinuteTotals(3, 1000), M + 7, new MinuteTotals(1, 20));
        assertThat(AggregateAnswer.render(query, totals::get)).isEqualTo("""
                {"columns":["1m_bucket","action","brand_id","count","sum_price"],\
                "rows":[["2022-03-01T00:05:00","BUY","Nike","3","1000"],\
                ["2022-03-01T00:06:00","BUY","Nike","0","0"],\
                ["2022-03-01T00:07:00","BUY","Nike","1","20"]]}""");
    }

    @Test
    void aggregatesFollowTheQueryOrder() {
        AggregateQuery query = new AggregateQuery(M, M + 1, Action.VIEW,
                List.of(AggregateFunction.SUM_PRICE, AggregateFunction.COUNT), "o", "b", "c");
        assertThat(AggregateAnswer.render(query, minute -> new MinuteTotals(2, 7)))
                .isEqualTo("{\"columns\":[\"1m_bucket\",\"action\",\"origin\",\"brand_id\",\"category_id\",\"sum_price\",\"count\"],"
                        + "\"rows\":[[\"2022-03-01T00:00:00\",\"VIEW\",\"o\",\"b\",\"c\",\"7\",\"2\"]]}");
    }

    @Test
    void emptyRangeHasNoRows() {
        AggregateQuery query = query(M, M, null, null, null, AggregateFunction.COUNT);
        assertThat(AggregateAnswer.render(query, minute -> {
            throw new AssertionError("no minute to read");
        })).isEqualTo("{\"columns\":[\"1m_bucket\",\"action\",\"count\"],\"rows\":[]}");
    }

    @Test
    void sumPriceIsA64BitSum() {
        MinuteTotals totals = new MinuteTotals();
        long expected = 0;
        for (int i = 0; i < 5; i++) {
            totals.add(1, Integer.MAX_VALUE);
            expected += Integer.MAX_VALUE;
        }
        assertThat(expected).isEqualTo(10_737_418_235L);
        AggregateQuery query = query(M, M + 1, null, null, null, AggregateFunction.SUM_PRICE, AggregateFunction.COUNT);
        JsonNode row = Json.MAPPER.readTree(AggregateAnswer.render(query, minute -> totals)).get("rows").get(0);
        assertThat(row.get(2).stringValue()).isEqualTo("10737418235");
        assertThat(row.get(3).stringValue()).isEqualTo("5");
    }

    @Test
    void longRangeAcrossMidnightAndYearEndHasEveryBucketAsAString() {
        long from = 27_875_519L - 2;    // 2022-12-31T23:57
        long to = 27_875_520L + 3;      // 2023-01-01T00:03
        Map<Long, MinuteTotals> totals = new HashMap<>();
        totals.put(27_875_520L, new MinuteTotals(4, 400));
        AggregateQuery query = query(from, to, "ORIGIN \"x\" ż", "", "cat", AggregateFunction.COUNT);
        JsonNode root = Json.MAPPER.readTree(AggregateAnswer.render(query, totals::get));

        assertThat(root.get("columns")).hasSize(6);
        JsonNode rows = root.get("rows");
        assertThat(rows).hasSize(6);
        List<String> buckets = List.of("2022-12-31T23:57:00", "2022-12-31T23:58:00", "2022-12-31T23:59:00",
                "2023-01-01T00:00:00", "2023-01-01T00:01:00", "2023-01-01T00:02:00");
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            assertThat(row).hasSize(6);
            row.forEach(value -> assertThat(value.isString()).as("%s is a string", value).isTrue());
            assertThat(row.get(0).stringValue()).isEqualTo(buckets.get(i));
            assertThat(row.get(1).stringValue()).isEqualTo("BUY");
            assertThat(row.get(2).stringValue()).isEqualTo("ORIGIN \"x\" ż");
            assertThat(row.get(3).stringValue()).isEmpty();
            assertThat(row.get(4).stringValue()).isEqualTo("cat");
            assertThat(row.get(5).stringValue()).isEqualTo(i == 3 ? "4" : "0");
        }
    }

    @Test
    void aWeekHasARowPerMinute() {
        AggregateQuery query = query(M, M + 7 * 24 * 60, null, null, null, AggregateFunction.COUNT);
        JsonNode rows = Json.MAPPER.readTree(AggregateAnswer.render(query, minute -> new MinuteTotals(minute - M, 0)))
                .get("rows");
        assertThat(rows).hasSize(10_080);
        assertThat(rows.get(10_079).get(0).stringValue()).isEqualTo("2022-03-07T23:59:00");
        assertThat(rows.get(10_079).get(2).stringValue()).isEqualTo("10079");
    }
}
