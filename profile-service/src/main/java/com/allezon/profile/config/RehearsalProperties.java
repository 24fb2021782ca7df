package com.allezon.profile.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The profile path's rehearsal before the service reports ready ({@code allezon.rehearsal.*}): tags sent to a
 * scratch topic, consumed and stored by the same code into a scratch keyspace and profiles answered from it, so
 * that the first real ones meet compiled code here and in Cassandra. Nothing of it reaches the real topic or
 * keyspace.
 *
 * @param keyspace    the scratch keyspace (created when missing); blank: no rehearsal
 * @param topic       the scratch topic (created when missing, its records kept for an hour); blank: no rehearsal
 * @param tags        how many scratch tags to store at least (0: no rehearsal), then more until this JVM's JIT
 *                    compiler has settled; a profile query follows every 10
 * @param maxDuration the rehearsal ends after this long in any case
 */
@ConfigurationProperties("allezon.rehearsal")
public record RehearsalProperties(String keyspace, String topic, int tags, Duration maxDuration) {

    public RehearsalProperties {
        maxDuration = maxDuration == null ? Duration.ofSeconds(20) : maxDuration;
    }

    public boolean enabled() {
        return keyspace != null && !keyspace.isBlank() && topic != null && !topic.isBlank() && tags > 0;
    }
}
