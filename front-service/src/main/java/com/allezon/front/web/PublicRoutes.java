package com.allezon.front.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.stereotype.Component;

import com.allezon.front.config.FrontProperties;
import com.allezon.model.InvalidRequestException;
import com.allezon.web.ProblemJson;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public PublicRoutes(TagIntake tags, QueryForwarder forwarder, FrontProperties properties, MeterRegistry registry) {
        this.tags = tags;
        this.forwarder = forwarder;
        this.properties = properties;
        this.registry = registry;
    }

    @Override
    public HttpServerRoutes apply(HttpServerRoutes routes) {
        return routes
                .route(request -> TAGS.equals(Responses.rawPath(request)), timed(TAGS, tags::handle))
                .route(request -> isProfilePath(Responses.rawPath(request)), timed(PROFILES_URI, this::profile))
                .route(request -> AGGREGATES.equals(Responses.rawPath(request)), timed(AGGREGATES, (request, response) ->
                        forwarder.forward(properties.aggregateServiceUrl(), request, response, properties.aggregateTimeout())));
    }

    /** {@code /user_profiles/{cookie}}: one non-empty path segment after the prefix. */
    static boolean isProfilePath(String path) {
        return path.length() > PROFILES.length() && path.startsWith(PROFILES) && path.indexOf('/', PROFILES.length()) < 0;
    }

    private Mono<Void> profile(HttpServerRequest request, HttpServerResponse response) {
        String path = Responses.rawPath(request);
        String cookie = path.substring(PROFILES.length());
        if (!validPercentEncoding(cookie)) {
            return Responses.send(response, 400, ProblemJson.CONTENT_TYPE, ProblemJson.invalid(new InvalidRequestException(
                    "cookie", "cookie has an invalid percent escape (% must be followed by two hex digits)"), path));
        }
        return forwarder.forward(properties.profileServiceUrl(), request, response, properties.profileTimeout());
    }

    static boolean validPercentEncoding(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '%') {
                if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
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
            String method = request.method().name();
            return answer.doFinally(signal -> timer(uri, method, response.status().code())
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        };
    }

    private Timer timer(String uri, String method, int status) {
        return timers.computeIfAbsent(uri + ' ' + method + ' ' + status, key -> Timer.builder("http.server.requests")
                .description("Duration of HTTP server request handling")
                .tag("error", "none")
                .tag("exception", "none")
                .tag("method", method)
                .tag("outcome", outcome(status))
                .tag("status", Integer.toString(status))
                .tag("uri", uri)
                .register(registry));
    }

    static String outcome(int status) {
        if (status < 200) {
            return "INFORMATIONAL";
        }
        if (status < 300) {
            return "SUCCESS";
        }
        if (status < 400) {
            return "REDIRECTION";
        }
        return status < 500 ? "CLIENT_ERROR" : "SERVER_ERROR";
    }
}
