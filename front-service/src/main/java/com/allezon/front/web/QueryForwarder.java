package com.allezon.front.web;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.springframework.stereotype.Component;

import com.allezon.front.config.FrontProperties;
import com.allezon.web.ProblemJson;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
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
    private record Answer(int status, String contentType, byte[] body) {
    }

    private final HttpClient client;
    private final int maxQueryBytes;

    public QueryForwarder(FrontProperties properties) {
        ConnectionProvider pool = ConnectionProvider.builder("query-forwarding")
                .maxConnections(512)
                .pendingAcquireMaxCount(-1)
                .build();
        this.client = HttpClient.create(pool).compress(false);
        this.maxQueryBytes = properties.maxQueryBytes();
    }

    /** An owner's base URL without a trailing slash, to which a request's raw path and query are appended. */
    static String base(URI owner) {
        String base = owner.toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** Forwards to {@code base} (see {@link #base}) the request's raw path and query, with its body. */
    Mono<Void> forward(String base, HttpServerRequest request, HttpServerResponse response, Duration timeout) {
        String target = base + request.uri();
        String contentType = request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
        return Responses.body(request, maxQueryBytes)
                .flatMap(body -> client.post()
                        .uri(target)
                        .send((out, outbound) -> {
                            if (contentType != null) {
                                out.header(HttpHeaderNames.CONTENT_TYPE, contentType);
                            }
                            return outbound.sendByteArray(Mono.just(body));
                        })
                        .responseSingle((answer, content) -> content.asByteArray()
                                .defaultIfEmpty(new byte[0])
                                .map(bytes -> new Answer(answer.status().code(),
                                        answer.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE), bytes)))
                        // a pooled connection the owner had just closed: queries are read-only, send again
                        .retryWhen(Retry.max(1).filter(QueryForwarder::connectionLost))
                        .timeout(timeout)
                        .onErrorResume(e -> Mono.just(ownerFailed(e, Responses.rawPath(request), timeout))))
                .flatMap(answer -> Responses.send(response, answer.status(), answer.contentType(), answer.body()))
                .onErrorResume(e -> Responses.failure(e, request, response));
    }

    static boolean connectionLost(Throwable e) {
        return e instanceof PrematureCloseException;
    }

    /** 504 when the owner did not answer in time, 503 when it could not be reached. */
    private static Answer ownerFailed(Throwable error, String path, Duration timeout) {
        return error instanceof TimeoutException
                ? new Answer(504, ProblemJson.CONTENT_TYPE, ProblemJson.of(504, "Owner too slow",
                        "The service answering " + path + " did not answer within " + timeout, path))
                : new Answer(503, ProblemJson.CONTENT_TYPE, ProblemJson.of(503, "Owner unavailable",
                        "The service answering " + path + " is unavailable", path));
    }
}
