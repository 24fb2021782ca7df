package com.allezon.platform.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the system under test on a free loopback port: 204 for every tag (remembering it),
 * and for queries whatever {@code answer} says given the path and the request body (the expected answer).
 */
public final class TestTarget implements AutoCloseable {

    static {
        // the JDK server closes keep-alive connections beyond this many idle ones, racing with their reuse
        System.setProperty("sun.net.httpserver.maxIdleConnections", "100000");
    }

    interface Answer {
        /** @return the response body (status 200) */
        String answer(String path, String expected);
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final ConcurrentLinkedQueue<String> tags = new ConcurrentLinkedQueue<>();

    TestTarget(Answer answer) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> handle(exchange, answer));
        server.setExecutor(executor);
        server.start();
    }

    /** Echoes the expected answer: a perfect system. */
    public static TestTarget perfect() {
        return new TestTarget((path, expected) -> expected);
    }

    /**
     * A platform that already holds {@code views} and {@code buys} in the stream's first minute (an earlier run's):
     * answers the public aggregates query of that minute's count by action, as the platform does; any other query
     * gets zero rows.
     */
    public static TestTarget holdingFirstMinute(long views, long buys) {
        return new TestTarget((path, expected) -> {
            if (!path.startsWith("/aggregates?time_range=2022-03-01T00:00:00_2022-03-01T00:01:00&")
                    || !path.endsWith("&aggregates=COUNT")) {
                return "{\"columns\":[\"1m_bucket\",\"action\",\"count\"],\"rows\":[]}";
            }
            String action = path.contains("&action=BUY&") ? "BUY" : "VIEW";
            return "{\"columns\":[\"1m_bucket\",\"action\",\"count\"],\"rows\":[[\"2022-03-01T00:00:00\",\""
                    + action + "\",\"" + (action.equals("BUY") ? buys : views) + "\"]]}";
        });
    }

    private void handle(HttpExchange exchange, Answer answer) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getRawPath();
        if (path.equals("/user_tags")) {
            tags.add(body);
            exchange.sendResponseHeaders(204, -1);
        } else {
            byte[] response = answer.answer(exchange.getRequestURI().getRawPath() + "?" + exchange.getRequestURI().getRawQuery(), body)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, response.length);
            exchange.getResponseBody().write(response);
        }
        exchange.close();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<String> tagsReceived() {
        return List.copyOf(tags);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
