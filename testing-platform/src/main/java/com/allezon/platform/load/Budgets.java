package com.allezon.platform.load;

import java.time.Duration;

import com.allezon.platform.stream.RequestKind;

/** How long an answer may take, from its request's intended send time, to count. */
public record Budgets(Duration tag, Duration profile, Duration aggregates) {

    /** The contract's: 200 ms for tags and profiles, 60 s for aggregates. */
    public static final Budgets CONTRACT = new Budgets(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofSeconds(60));

    public Duration of(RequestKind kind) {
        return switch (kind) {
            case TAG -> tag;
            case PROFILE -> profile;
            case AGGREGATES -> aggregates;
        };
    }

    Duration longest() {
        Duration longest = tag.compareTo(profile) > 0 ? tag : profile;
        return longest.compareTo(aggregates) > 0 ? longest : aggregates;
    }
}
