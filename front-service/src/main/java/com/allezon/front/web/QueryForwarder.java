package com.allezon.front.web;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import com.allezon.front.config.FrontProperties;
import com.allezon.web.ProblemAdvice;

import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Forwards a query to the service that owns it, non-blocking, and passes its answer through unchanged.
 * The path and query string are forwarded raw, so an encoded cookie reaches the owner exactly as sent.
 */
@Component
public class QueryForwarder {

    private final WebClient client;
    private final int maxQueryBytes;

    public QueryForwarder(FrontProperties properties) {
        ConnectionProvider pool = ConnectionProvider.builder("query-forwarding")
                .maxConnections(512)
                .pendingAcquireMaxCount(-1)
                .build();
        this.client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool).compress(false)))
                .codecs(c -> c.defaultCodecs().maxInMemorySize(64 * 1024 * 1024))
                .build();
        this.maxQueryBytes = properties.maxQueryBytes();
    }

    public Mono<ResponseEntity<byte[]>> forward(URI owner, ServerHttpRequest request, Duration timeout) {
        String rawQuery = request.getURI().getRawQuery();
        URI target = URI.create(owner.toString() + request.getURI().getRawPath()
                + (rawQuery == null ? "" : "?" + rawQuery));
        return com.allezon.web.RequestBodies.read(request, maxQueryBytes)
                .flatMap(body -> client.method(request.getMethod())
                        .uri(target)
                        .headers(h -> copyContentType(request.getHeaders(), h))
                        .body(BodyInserters.fromValue(body))
                        .retrieve()
                        .toEntity(byte[].class)
                        .onErrorResume(org.springframework.web.reactive.function.client.WebClientResponseException.class,
                                e -> Mono.just(ResponseEntity.status(e.getStatusCode())
                                        .headers(h -> copyContentType(e.getHeaders(), h))
                                        .body(e.getResponseBodyAsByteArray())))
                        .timeout(timeout))
                .map(QueryForwarder::passThrough)
                .onErrorResume(TimeoutException.class, e -> problem(HttpStatus.GATEWAY_TIMEOUT,
                        "Owner too slow", "The service answering " + request.getPath() + " did not answer in " + timeout))
                .onErrorResume(WebClientRequestException.class, e -> problem(HttpStatus.SERVICE_UNAVAILABLE,
                        "Owner unavailable", "The service answering " + request.getPath() + " is unavailable"));
    }

    private static ResponseEntity<byte[]> passThrough(ResponseEntity<byte[]> answer) {
        return ResponseEntity.status(answer.getStatusCode())
                .headers(h -> copyContentType(answer.getHeaders(), h))
                .body(answer.getBody() == null ? new byte[0] : answer.getBody());
    }

    private static void copyContentType(HttpHeaders from, HttpHeaders to) {
        if (from.getContentType() != null) {
            to.setContentType(from.getContentType());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Mono<ResponseEntity<byte[]>> problem(HttpStatus status, String title, String detail) {
        return Mono.just((ResponseEntity) ProblemAdvice.problem(status, title, detail));
    }
}
