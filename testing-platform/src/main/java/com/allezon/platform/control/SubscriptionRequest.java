package com.allezon.platform.control;

import java.net.URI;
import java.time.Duration;

import com.allezon.platform.cli.DurationConverter;

/**
 * A new subscription: the target as {@code target} (a base URL) or as {@code host} + {@code port}; the
 * throughput in tags per second; the seed; optionally a duration ({@code 30s}, {@code 5m}) after which the
 * run completes by itself.
 */
public record SubscriptionRequest(String target, String host, Integer port, Long rate, Long seed, String duration) {

    URI targetUri() {
        if (target != null && !target.isBlank()) {
            URI uri = URI.create(target.trim());
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("target must be an http:// URL with a host, got " + target);
            }
            return uri;
        }
        if (host == null || host.isBlank() || port == null) {
            throw new IllegalArgumentException("give target (http://host:port) or host and port");
        }
        return URI.create("http://" + host.trim() + ":" + port);
    }

    long rateOrFail() {
        if (rate == null || rate <= 0) {
            throw new IllegalArgumentException("rate must be a positive number of tags per second");
        }
        return rate;
    }

    Duration durationOrNull() {
        return duration == null || duration.isBlank() ? null : DurationConverter.parse(duration);
    }
}
