package com.allezon.model;

import java.time.Instant;

/** A half-open range of event time: {@code from <= t < to}. */
public record TimeRange(Instant from, Instant to) {

    public TimeRange {
        if (from.isAfter(to)) {
            throw new InvalidRequestException("time_range", "time_range must not end before it starts");
        }
    }

    /** Parses {@code <datetime>_<datetime>}. */
    public static TimeRange parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidRequestException("time_range", "time_range is required: <from>_<to>");
        }
        int sep = text.indexOf('_');
        if (sep < 0 || text.indexOf('_', sep + 1) >= 0) {
            throw new InvalidRequestException("time_range",
                    "time_range must be <from>_<to>, got " + Json.quote(text));
        }
        Instant from = EventTimes.parseQueryTime("time_range", text.substring(0, sep));
        Instant to = EventTimes.parseQueryTime("time_range", text.substring(sep + 1));
        return new TimeRange(from, to);
    }

    public boolean contains(Instant t) {
        return !t.isBefore(from) && t.isBefore(to);
    }

    public String format() {
        return EventTimes.formatQueryTime(from) + "_" + EventTimes.formatQueryTime(to);
    }
}
