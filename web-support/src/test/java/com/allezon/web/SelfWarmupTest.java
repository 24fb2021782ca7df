package com.allezon.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

class SelfWarmupTest {

    private HttpServer server;
    private final Queue<String> received = new ConcurrentLinkedQueue<>();

    private URI start(int status, CountDownLatch hold) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body);
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void sendsEveryCallInTurnUntilTheCountIsReached() throws IOException {
        URI base = start(400, new CountDownLatch(0));
        WarmupProperties warmup = new WarmupProperties(7, Duration.ofSeconds(30), 3, List.of(
                new WarmupProperties.Call("POST", "/user_tags", "{\"a\":1}"),
                new WarmupProperties.Call("GET", "/aggregates?x=%2F", null)));

        Map<Integer, Integer> statuses = SelfWarmup.send(base, warmup);

        assertThat(statuses).isEqualTo(Map.of(400, 7));
        assertThat(received).hasSize(7);
        assertThat(received.stream().filter(r -> r.equals("POST /user_tags {\"a\":1}")).count()).isEqualTo(4);
        assertThat(received.stream().filter(r -> r.equals("GET /aggregates?x=%2F ")).count()).isEqualTo(3);
    }

    @Test
    void theIndexPlaceholderBecomesEachRequestsIndex() throws IOException {
        URI base = start(204, new CountDownLatch(0));
        WarmupProperties warmup = new WarmupProperties(3, Duration.ofSeconds(30), 1, List.of(
                new WarmupProperties.Call("POST", "/user_tags?n={i}", "{\"cookie\":\"c{i}\"}")));

        Map<Integer, Integer> statuses = SelfWarmup.send(base, warmup);

        assertThat(statuses).isEqualTo(Map.of(204, 3));
        assertThat(received).containsExactlyInAnyOrder("POST /user_tags?n=0 {\"cookie\":\"c0\"}",
                "POST /user_tags?n=1 {\"cookie\":\"c1\"}", "POST /user_tags?n=2 {\"cookie\":\"c2\"}");
    }

    @Test
    void aListeningServiceIsReachableAndAClosedPortIsReportedOnceThePatienceIsSpent() throws IOException {
        URI listening = start(200, new CountDownLatch(0));
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        assertThat(SelfWarmup.awaitReachable(List.of(listening), Duration.ofSeconds(30))).isEmpty();
        assertThat(SelfWarmup.awaitReachable(List.of(closed, listening), Duration.ofMillis(300))).containsExactly(closed);
    }

    @Test
    void aServerThatNeverAnswersOnlyDelaysStartByTheMaximumDuration() throws IOException {
        CountDownLatch never = new CountDownLatch(1);
        URI base = start(200, never);
        WarmupProperties warmup = new WarmupProperties(1000, Duration.ofMillis(500), 2,
                List.of(new WarmupProperties.Call("GET", "/slow", null)));

        long started = System.nanoTime();
        Map<Integer, Integer> statuses = SelfWarmup.send(base, warmup);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        never.countDown();

        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(statuses.getOrDefault(200, 0)).isZero();
        assertThat(received).hasSizeLessThanOrEqualTo(2);
    }
}
