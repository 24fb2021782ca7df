package com.allezon.web;

import java.time.Duration;
import java.util.Map;

/**
 * The Kafka topics the rehearsals write scratch tags to: their records are kept for an hour. Topic settings by
 * name, so that this module needs no Kafka client.
 */
public final class ScratchTopics {

    public static final Duration RETENTION = Duration.ofHours(1);
    /** Segments roll this often, so that the retention can delete them (a default segment lives a week). */
    public static final Duration SEGMENT = Duration.ofMinutes(10);

    private ScratchTopics() {
    }

    /** The topic configuration of a scratch topic. */
    public static Map<String, String> configs() {
        return Map.of("retention.ms", Long.toString(RETENTION.toMillis()), "segment.ms", Long.toString(SEGMENT.toMillis()));
    }
}
