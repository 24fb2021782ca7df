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

    Mono<Void> forward(URI owner, HttpServerRequest request, HttpServerResponse response, Duration timeout) {
        String base = owner.toString();
        String target = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + request.uri();
        String contentType = request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
        String path = Responses.rawPath(request);
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
                        .onErrorResume(TimeoutException.class, e -> Mono.just(problem(504, "Owner too slow",
                                "The service answering " + path + " did not answer within " + timeout, path)))
                        .onErrorResume(e -> !(e instanceof TimeoutException), e -> Mono.just(problem(503,
                                "Owner unavailable", "The service answering " + path + " is unavailable", path))))
                .flatMap(answer -> Responses.send(response, answer.status(), answer.contentType(), answer.body()))
                .onErrorResume(e -> Responses.failure(e, request, response));
    }

    static boolean connectionLost(Throwable e) {
        return e instanceof PrematureCloseException;
    }

    private static Answer problem(int status, String title, String detail, String path) {
        return new Answer(status, ProblemJson.CONTENT_TYPE,
                ProblemJson.of(status, title, detail, path));
    }
}
