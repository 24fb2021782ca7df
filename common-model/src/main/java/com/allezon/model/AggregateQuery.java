package com.allezon.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/** {@code POST /aggregates?time_range=..&action=..&aggregates=..[&origin=..][&brand_id=..][&category_id=..]}. */
public record AggregateQuery(long fromMinute, long toMinute, Action action, List<AggregateFunction> aggregates,
                             String origin, String brandId, String categoryId) {

    /** Longest range one query may ask for; dashboards chart days, the retention is longer. */
    public static final Duration MAX_RANGE = Duration.ofDays(7);

    public static AggregateQuery parse(Map<String, List<String>> params) {
        TimeRange range = TimeRange.parse(QueryParameters.requiredSingle(params, "time_range"));
        long from = wholeMinute(range.from().getEpochSecond(), range.from().getNano());
        long to = wholeMinute(range.to().getEpochSecond(), range.to().getNano());
        if (to - from > MAX_RANGE.toMinutes()) {
            throw new InvalidRequestException("time_range",
                    "time_range may span at most " + MAX_RANGE.toMinutes() + " minutes");
        }
        Action action = Action.parse("action", QueryParameters.requiredSingle(params, "action"));
        List<String> names = params.get("aggregates");
        if (names == null || names.isEmpty()) {
            throw new InvalidRequestException("aggregates", "aggregates is required: COUNT and/or SUM_PRICE");
        }
        List<AggregateFunction> aggregates = new ArrayList<>();
        EnumSet<AggregateFunction> seen = EnumSet.noneOf(AggregateFunction.class);
        for (String name : names) {
            AggregateFunction f = AggregateFunction.parse(name);
            if (!seen.add(f)) {
                throw new InvalidRequestException("aggregates", "aggregates must not repeat " + f.name());
            }
            aggregates.add(f);
        }
        return new AggregateQuery(from, to, action, List.copyOf(aggregates),
                QueryParameters.optionalSingle(params, "origin"),
                QueryParameters.optionalSingle(params, "brand_id"),
                QueryParameters.optionalSingle(params, "category_id"));
    }

    private static long wholeMinute(long epochSecond, int nano) {
        if (nano != 0 || Math.floorMod(epochSecond, 60) != 0) {
            throw new InvalidRequestException("time_range", "time_range must start and end on whole minutes");
        }
        return Math.floorDiv(epochSecond, 60);
    }

    /** The counter series this query reads, at its first minute. */
    public AggregateKey key() {
        return new AggregateKey(fromMinute, action, origin, brandId, categoryId);
    }

    public List<String> columns() {
        List<String> columns = new ArrayList<>(List.of("1m_bucket", "action"));
        if (origin != null) {
            columns.add("origin");
        }
        if (brandId != null) {
            columns.add("brand_id");
        }
        if (categoryId != null) {
            columns.add("category_id");
        }
        for (AggregateFunction f : aggregates) {
            columns.add(f.column());
        }
        return columns;
    }
}
