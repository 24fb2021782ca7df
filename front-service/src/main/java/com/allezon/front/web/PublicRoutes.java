package com.allezon.front.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiFunction;

import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.stereotype.Component;

import com.allezon.front.config.FrontProperties;
import com.allezon.model.InvalidRequestException;
import com.allezon.web.ProblemJson;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The three public routes, served by Reactor Netty directly: {@code POST /user_tags} and the two forwarded
 * queries. Every other request falls through to Spring WebFlux (404, 405 and friends as problem documents).
 * <p>
 * Why below Spring: at 1000 tags/s on a 2-core machine, Spring's dispatching (handler mapping, argument
 * resolution, result handling, observation) cost more CPU per tag than validating and publishing it. The
 * routes record the same {@code http.server.requests} timers (same tags) as Spring does, so dashboards
 * and alerts see no difference.
 */
@Component
public class PublicRoutes implements NettyRouteProvider {

    static final String TAGS = "/user_tags";
    static final String PROFILES = "/user_profiles/";
    static final String PROFILES_URI = "/user_profiles/{cookie}";
    static final String AGGREGATES = "/aggregates";

    private final TagIntake tags;
    private final QueryForwarder forwarder;
    private final FrontProperties properties;
    private final MeterRegistry registry;
    private final String profileBase;
    private final String aggregateBase;

    public PublicRoutes(TagIntake tags, QueryForwarder forwarder, FrontProperties properties, MeterRegistry registry) {
        this.tags = tags;
        this.forwarder = forwarder;
        this.properties = properties;
        this.registry = registry;
        this.profileBase = QueryForwarder.base(properties.profileServiceUrl());
        this.aggregateBase = QueryForwarder.base(properties.aggregateServiceUrl());
    }

    @Override
    public HttpServerRoutes apply(HttpServerRoutes routes) {
        return routes
                .route(request -> isPath(request.uri(), TAGS), timed(TAGS, tags::handle))
                .route(request -> isProfilePath(request.uri()), timed(PROFILES_URI, this::profile))
                .route(request -> isPath(request.uri(), AGGREGATES), timed(AGGREGATES, (request, response) ->
                        forwarder.forward(aggregateBase, request, response, properties.aggregateTimeout())));
    }

    /** Whether the request target's path (before any query) is exactly {@code path}. */
    static boolean isPath(String uri, String path) {
        return uri.startsWith(path) && Responses.pathEnd(uri) == path.length();
    }

    /** {@code /user_profiles/{cookie}}: one non-empty path segment after the prefix. */
    static boolean isProfilePath(String uri) {
        int end = Responses.pathEnd(uri);
        if (end <= PROFILES.length() || !uri.startsWith(PROFILES)) {
            return false;
        }
        int slash = uri.indexOf('/', PROFILES.length());
        return slash < 0 || slash >= end;
    }

    private Mono<Void> profile(HttpServerRequest request, HttpServerResponse response) {
        String uri = request.uri();
        if (!validPercentEncoding(uri, PROFILES.length(), Responses.pathEnd(uri))) {
            return Responses.send(response, 400, ProblemJson.CONTENT_TYPE, ProblemJson.invalid(new InvalidRequestException(
                    "cookie", "cookie has an invalid percent escape (% must be followed by two hex digits)"),
                    Responses.rawPath(request)));
        }
        return forwarder.forward(profileBase, request, response, properties.profileTimeout());
    }

    /** Whether every {@code %} in {@code text[from, to)} starts an escape of two hex digits. */
    static boolean validPercentEncoding(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == '%') {
                if (i + 2 >= to || Character.digit(text.charAt(i + 1), 16) < 0
                        || Character.digit(text.charAt(i + 2), 16) < 0) {
                    return false;
                }
                i += 2;
            }
        }
        return true;
    }

    /** POST only (405 otherwise, as Spring answers), timed like Spring's own requests. */
    private BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> timed(
            String uri, BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> handler) {
        RouteTimers timers = new RouteTimers(uri);
        return (request, response) -> {
            long start = System.nanoTime();
            Mono<Void> answer;
            if (HttpMethod.POST.equals(request.method())) {
                answer = handler.apply(request, response);
            } else {
                response.header(HttpHeaderNames.ALLOW, "POST");
                answer = Responses.problem(response, 405, "Method Not Allowed", "Supported methods: [POST]",
                        Responses.rawPath(request));
            }
            return answer.doFinally(signal -> timers.of(request.method(), response.status().code())
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        };
    }

    /**
     * The {@code http.server.requests} timers of one route, with Spring's tags. A POST's timer is found by
     * status without building a key (this runs for every tag); other methods only ever get a 405.
     */
    private final class RouteTimers {
        private final String uri;
        private final AtomicReferenceArray<Timer> post = new AtomicReferenceArray<>(600);
        private final Map<String, Timer> others = new ConcurrentHashMap<>();

        RouteTimers(String uri) {
            this.uri = uri;
        }

        Timer of(HttpMethod method, int status) {
            if (HttpMethod.POST.equals(method) && status >= 0 && status < post.length()) {
                Timer timer = post.get(status);
                if (timer == null) {
                    // registering twice returns the same meter, so a race is harmless
                    timer = register(method.name(), status);
                    post.set(status, timer);
                }
                return timer;
            }
            return others.computeIfAbsent(method.name() + ' ' + status, key -> register(method.name(), status));
        }

        private Timer register(String method, int status) {
            return Timer.builder("http.server.requests")
                    .description("Duration of HTTP server request handling")
                    .tag("error", "none")
                    .tag("exception", "none")
                    .tag("method", method)
                    .tag("outcome", Outcome.forStatus(status).name())
                    .tag("status", Integer.toString(status))
                    .tag("uri", uri)
                    .register(registry);
        }
    }
}
