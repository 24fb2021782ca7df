package com.allezon.platform.stream;

import com.allezon.model.Json;

/**
 * One request of the stream. {@code tick} is the index of the tag at whose send time it leaves (a query
 * leaves right after the tag before it). {@code body} is the tag for a tag, the expected answer for a query
 * (debug mode sends it as the request body).
 */
public record PlatformRequest(RequestKind kind, long tick, String path, String body) {

    public static final String TAGS_PATH = "/user_tags";

    /** The intended send time, in nanoseconds after the start, at a rate of {@code rate} tags per second. */
    public long sendOffsetNanos(long rate) {
        return Math.multiplyExact(tick, 1_000_000_000L) / rate;
    }

    /** One line of {@code dump}. */
    public String dumpLine() {
        return switch (kind) {
            case TAG -> "{\"kind\":\"tag\",\"body\":" + body + "}";
            case PROFILE, AGGREGATES -> "{\"kind\":\"" + kind.label() + "\",\"path\":" + Json.quote(path)
                    + ",\"expected\":" + body + "}";
        };
    }
}
