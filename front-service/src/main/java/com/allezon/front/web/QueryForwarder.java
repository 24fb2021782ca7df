package com.allezon.front.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import com.allezon.front.config.FrontProperties;
import com.allezon.model.Json;
import com.allezon.web.RequestBodies;

import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.retry.Retry;

/**
 * Forwards a query to the service that owns it, non-blocking, and passes its answer through unchanged:
 * status, content type and body bytes. The path and query string are forwarded raw, so an encoded cookie
 * reaches the owner exactly as sent. Answers are written as bytes, never re-encoded.
 */
@Component
public class QueryForwarder {

    /** An owner's answer as received. */
    private record Answer(HttpStatusCode status, MediaType contentType, byte[] body) {
    }

    private final WebClient client;
    private final int maxQueryBytes;

    public QueryForwarder(FrontProperties properties) {
        ConnectionProvider pool = ConnectionProvider.builder("query-forwarding")
                .maxConnections(512)
                .pendingAcquireMaxCount(-1)
                .build();
        this.client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool).compress(false)))
                .build();
        this.maxQueryBytes = properties.maxQueryBytes();
    }

    public Mono<Void> forward(URI owner, ServerHttpRequest request, ServerHttpResponse response, Duration timeout) {
        String rawQuery = request.getURI().getRawQuery();
        URI target = URI.create(owner.toString() + request.getURI().getRawPath()
                + (rawQuery == null ? "" : "?" + rawQuery));
        String path = request.getPath().value();
        return RequestBodies.read(request, maxQueryBytes)
                .flatMap(body -> client.method(request.getMethod())
                        .uri(target)
                        .headers(h -> {
                            if (request.getHeaders().getContentType() != null) {
                                h.setContentType(request.getHeaders().getContentType());
                            }
                        })
                        .body(BodyInserters.fromValue(body))
                        .exchangeToMono(answer -> answer.bodyToMono(byte[].class)
                                .defaultIfEmpty(new byte[0])
                                .map(bytes -> new Answer(answer.statusCode(),
                                        answer.headers().contentType().orElse(null), bytes)))
                        // a pooled connection the owner had just closed: queries are read-only, send again
                        .retryWhen(Retry.max(1).filter(QueryForwarder::connectionLost))
                        .timeout(timeout))
                .onErrorResume(TimeoutException.class, e -> Mono.just(problem(HttpStatus.GATEWAY_TIMEOUT,
                        "Owner too slow", "The service answering " + path + " did not answer within " + timeout)))
                .onErrorResume(WebClientRequestException.class, e -> Mono.just(problem(HttpStatus.SERVICE_UNAVAILABLE,
                        "Owner unavailable", "The service answering " + path + " is unavailable")))
                .flatMap(answer -> write(answer, request, response));
    }

    static boolean connectionLost(Throwable e) {
        return e instanceof WebClientRequestException && e.getCause() instanceof PrematureCloseException;
    }

    private static Mono<Void> write(Answer answer, ServerHttpRequest request, ServerHttpResponse response) {
        response.setStatusCode(answer.status());
        if (answer.contentType() != null) {
            response.getHeaders().setContentType(answer.contentType());
        }
        response.getHeaders().setContentLength(answer.body().length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(answer.body())));
    }

    private static Answer problem(HttpStatus status, String title, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        return new Answer(status, MediaType.APPLICATION_PROBLEM_JSON,
                Json.MAPPER.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8));
    }
}
