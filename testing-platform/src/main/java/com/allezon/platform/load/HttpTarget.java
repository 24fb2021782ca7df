package com.allezon.platform.load;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The system under test, over HTTP/1.1 keep-alive connections (reactor-netty). Requests are never cancelled
 * on a budget: a late tag still has to reach the target, since later expected answers count it.
 */
final class HttpTarget implements AutoCloseable {

    /** What one request came to: a status and body, or a failure (status 0, body null). */
    interface Callback {
        void done(int status, String body);
    }

    private final ConnectionProvider connections;
    private final HttpClient client;

    HttpTarget(URI target, Duration responseTimeout) {
        connections = ConnectionProvider.builder("allezon-platform")
                .maxConnections(1024)
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(Duration.ofSeconds(70))
                .maxIdleTime(Duration.ofSeconds(20))
                .build();
        client = HttpClient.create(connections)
                .baseUrl(target.toString())
                .responseTimeout(responseTimeout)
                .headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON));
    }

    void post(String path, String body, Callback callback) {
        client.post()
                .uri(path)
                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8))))
                .responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8)
                        .defaultIfEmpty("")
                        .map(text -> new Object[] {response.status().code(), text}))
                .subscribe(
                        result -> callback.done((Integer) result[0], (String) result[1]),
                        error -> callback.done(0, null));
    }

    @Override
    public void close() {
        connections.disposeLater().block(Duration.ofSeconds(5));
    }
}
