package com.allezon.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Requests a service sends to itself before it reports ready ({@code allezon.warmup.*}), so that the first
 * real requests do not pay for class loading, the first use of prepared statements and interpreted code.
 * Only side-effect-free calls belong here: queries and requests that are refused.
 *
 * @param requests    how many requests in all (0: no warm-up); the calls are sent in turn
 * @param maxDuration the warm-up ends after this long even when requests are left
 * @param concurrency requests in flight at once
 * @param calls       what to send
 * @param awaitReachable services the calls reach through this one (the front forwards queries): the warm-up
 *                    first waits until each accepts connections, so that the forwarding path warms up on
 *                    answers rather than on refused connections
 * @param awaitPatience how long to wait for them at most; the warm-up then goes ahead anyway
 */
@ConfigurationProperties("allezon.warmup")
public record WarmupProperties(int requests, Duration maxDuration, int concurrency, List<Call> calls,
                               List<URI> awaitReachable, Duration awaitPatience) {

    @ConstructorBinding
    public WarmupProperties {
        maxDuration = maxDuration == null ? Duration.ofSeconds(20) : maxDuration;
        concurrency = concurrency < 1 ? 4 : concurrency;
        calls = calls == null ? List.of() : List.copyOf(calls);
        awaitReachable = awaitReachable == null ? List.of() : List.copyOf(awaitReachable);
        awaitPatience = awaitPatience == null ? Duration.ofSeconds(60) : awaitPatience;
    }

    /** Calls to this service only. */
    public WarmupProperties(int requests, Duration maxDuration, int concurrency, List<Call> calls) {
        this(requests, maxDuration, concurrency, calls, List.of(), Duration.ZERO);
    }

    /** One request: method, path with query string (already encoded), and a body or none. */
    public record Call(String method, String path, String body) {
    }
}
