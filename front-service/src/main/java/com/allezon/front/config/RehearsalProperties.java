package com.allezon.front.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The tag path's rehearsal before the front reports ready ({@code allezon.front.rehearsal.*}): real tags
 * through the same routes and producer into a scratch topic, so that the first real tags meet compiled code
 * in this JVM and in the broker. Nothing of it reaches the real topic.
 *
 * @param topic       the scratch topic (created when missing, with a short retention); blank: no rehearsal
 * @param tags        how many tags at least (0: no rehearsal); then more until this JVM's JIT compiler has
 *                    settled, so that the rehearsal lasts as long as this machine needs
 * @param maxDuration the rehearsal ends after this long in any case
 * @param concurrency tags in flight at once
 */
@ConfigurationProperties("allezon.front.rehearsal")
public record RehearsalProperties(String topic, int tags, Duration maxDuration, int concurrency) {

    public RehearsalProperties {
        maxDuration = maxDuration == null ? Duration.ofSeconds(20) : maxDuration;
        concurrency = concurrency < 1 ? 16 : concurrency;
    }

    public boolean enabled() {
        return topic != null && !topic.isBlank() && tags > 0;
    }
}
