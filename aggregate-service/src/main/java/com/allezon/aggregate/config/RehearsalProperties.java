package com.allezon.aggregate.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The aggregate path's rehearsal before the service reports ready ({@code allezon.rehearsal.*}): scratch tags
 * produced to a scratch topic are counted by the same topology into a scratch keyspace and answered from it,
 * so that the first real tags and queries meet compiled code here and in Cassandra. Nothing of it reaches the
 * real topic or keyspace.
 *
 * @param keyspace    the scratch keyspace (created when missing); blank: no rehearsal
 * @param topic       the scratch topic (created when missing, 1 h retention); blank: no rehearsal
 * @param tags        how many scratch tags to send at least (0: no rehearsal), then more until this JVM's JIT
 *                    compiler has settled
 * @param rate        scratch tags per second
 * @param maxDuration the rehearsal ends after this long in any case
 * @param keepScratchRows keep the scratch rows after the rehearsal (to look at them); by default they are
 *                    truncated, so that Cassandra does not flush them in the middle of real traffic
 */
@ConfigurationProperties("allezon.rehearsal")
public record RehearsalProperties(String keyspace, String topic, int tags, int rate, Duration maxDuration,
        boolean keepScratchRows) {

    public RehearsalProperties {
        rate = rate > 0 ? rate : 3000;
        maxDuration = maxDuration == null ? Duration.ofSeconds(40) : maxDuration;
    }

    public boolean enabled() {
        return keyspace != null && !keyspace.isBlank() && topic != null && !topic.isBlank() && tags > 0;
    }
}
