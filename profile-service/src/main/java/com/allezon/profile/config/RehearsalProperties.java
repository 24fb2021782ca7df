package com.allezon.profile.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The profile path's rehearsal before the service reports ready ({@code allezon.rehearsal.*}): tags stored
 * and profiles answered by the same code against a scratch keyspace, so that the first real ones meet
 * compiled code here and in Cassandra. Nothing of it reaches the real keyspace.
 *
 * @param keyspace    the scratch keyspace (created when missing); blank: no rehearsal
 * @param tags        how many scratch tags to store at least (0: no rehearsal), then more until this JVM's JIT
 *                    compiler has settled; a profile query follows every 10
 * @param maxDuration the rehearsal ends after this long in any case
 */
@ConfigurationProperties("allezon.rehearsal")
public record RehearsalProperties(String keyspace, int tags, Duration maxDuration) {

    public RehearsalProperties {
        maxDuration = maxDuration == null ? Duration.ofSeconds(20) : maxDuration;
    }

    public boolean enabled() {
        return keyspace != null && !keyspace.isBlank() && tags > 0;
    }
}
