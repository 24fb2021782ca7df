package com.allezon.model;

import java.util.List;
import java.util.function.LongFunction;

/** Renders the exact {@code /aggregates} answer: every minute of the range has a row, all values strings. */
public final class AggregateAnswer {

    private AggregateAnswer() {
    }

    /** @param totals the totals of a minute of the query's series, or null when nothing was counted */
    public static String render(AggregateQuery query, LongFunction<MinuteTotals> totals) {
        List<String> columns = query.columns();
        StringBuilder json = new StringBuilder(64 + 80 * (int) Math.max(0, query.toMinute() - query.fromMinute()));
        json.append("{\"columns\":[");
        for (int i = 0; i < columns.size(); i++) {
            json.append(i == 0 ? "" : ",").append(Json.quote(columns.get(i)));
        }
        json.append("],\"rows\":[");
        String fixed = fixedColumns(query);
        for (long minute = query.fromMinute(); minute < query.toMinute(); minute++) {
            MinuteTotals t = totals.apply(minute);
            json.append(minute == query.fromMinute() ? "[" : ",[")
                    .append('"').append(EventTimes.formatBucket(minute)).append('"')
                    .append(fixed);
            for (AggregateFunction f : query.aggregates()) {
                long value = t == null ? 0 : (f == AggregateFunction.COUNT ? t.count() : t.sumPrice());
                json.append(",\"").append(value).append('"');
            }
            json.append(']');
        }
        return json.append("]}").toString();
    }

    private static String fixedColumns(AggregateQuery query) {
        StringBuilder fixed = new StringBuilder().append(',').append(Json.quote(query.action().name()));
        for (String filter : new String[] {query.origin(), query.brandId(), query.categoryId()}) {
            if (filter != null) {
                fixed.append(',').append(Json.quote(filter));
            }
        }
        return fixed.toString();
    }
}
