package com.allezon.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import reactor.core.publisher.Flux;

class RequestBodiesTest {

    static final int LIMIT = 64 * 1024;

    static DataBuffer buffer(String s) {
        return DefaultDataBufferFactory.sharedInstance.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] read(MockServerHttpRequest request, int limit) {
        return RequestBodies.read(request, limit).block(Duration.ofSeconds(5));
    }

    @Test
    void readsABodyUpToTheLimit() {
        String body = "ż".repeat(LIMIT / 2);   // exactly LIMIT bytes
        assertThat(read(MockServerHttpRequest.post("/user_tags").body(body), LIMIT))
                .isEqualTo(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void joinsChunksInOrder() {
        MockServerHttpRequest request = MockServerHttpRequest.post("/user_tags")
                .body(Flux.just(buffer("{\"a\":"), buffer("1"), buffer("}")));
        assertThat(new String(read(request, LIMIT), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    }

    @Test
    void missingBodyIsEmpty() {
        assertThat(read(MockServerHttpRequest.post("/user_tags").build(), LIMIT)).isEmpty();
        assertThat(read(MockServerHttpRequest.post("/user_tags").body(""), LIMIT)).isEmpty();
    }

    @Test
    void bodyOverTheLimitFails() {
        MockServerHttpRequest request = MockServerHttpRequest.post("/user_tags").body("x".repeat(LIMIT + 1));
        assertThatThrownBy(() -> read(request, LIMIT)).isInstanceOf(DataBufferLimitException.class);
    }

    @Test
    void chunkedBodyOverTheLimitFails() {
        Flux<DataBuffer> chunks = Flux.range(0, 100).map(i -> buffer("y".repeat(1000)));
        MockServerHttpRequest request = MockServerHttpRequest.post("/user_tags").body(chunks);
        assertThatThrownBy(() -> read(request, 99_999)).isInstanceOf(DataBufferLimitException.class);
    }

    @Test
    void declaredLengthOverTheLimitFailsBeforeReading() {
        MockServerHttpRequest request = MockServerHttpRequest.post("/user_tags")
                .contentLength(LIMIT + 1L)
                .body(Flux.<DataBuffer>error(new AssertionError("the body must not be read")));
        assertThatThrownBy(() -> read(request, LIMIT)).isInstanceOf(DataBufferLimitException.class);
    }
}
