package com.allezon.web;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Sends {@link WarmupProperties} calls to the service's own HTTP port once it listens and before it reports
 * ready (application runners run before readiness). A freshly started JVM answers its first requests slowly
 * (the first profile query took over 190 ms); after this, readiness means the query paths have run a few
 * thousand times. Failures and statuses are only logged: warming up never keeps a service from starting.
 */
@Component
@EnableConfigurationProperties(WarmupProperties.class)
public class SelfWarmup implements ApplicationRunner, Ordered {

    private static final Logger log = LoggerFactory.getLogger(SelfWarmup.class);
    /** Placeholder for the request's index in a call's path or body. */
    public static final String INDEX = "{i}";
    private static final Duration RETRY_PAUSE = Duration.ofMillis(200);
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);

    private final WarmupProperties properties;
    private final Environment environment;

    public SelfWarmup(WarmupProperties properties, Environment environment) {
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        String port = environment.getProperty("local.server.port");
        if (properties.requests() <= 0 || properties.calls().isEmpty() || port == null) {
            return;
        }
        long started = System.nanoTime();
        List<URI> unreachable = awaitReachable(properties.awaitReachable(), properties.awaitPatience());
        if (!unreachable.isEmpty()) {
            log.warn("Warming up although {} did not accept connections within {}", unreachable, properties.awaitPatience());
        }
        Map<Integer, Integer> statuses = send(URI.create("http://127.0.0.1:" + port), properties);
        log.info("Warmed up with {} requests in {} ms, statuses {} (0: no answer)",
                statuses.values().stream().mapToInt(Integer::intValue).sum(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), statuses);
        collectStartupGarbage();
    }

    /**
     * Collects what start-up, the rehearsals and this warm-up left on the heap before the service reports
     * ready. Otherwise the first young collection under real load copies whatever of it still lives: measured
     * at the first second of a run, 695 ms in aggregate-service (833 MB to 334 MB) and 118 ms in
     * profile-service, while every component of the machine was busiest.
     */
    static void collectStartupGarbage() {
        Runtime runtime = Runtime.getRuntime();
        long before = runtime.totalMemory() - runtime.freeMemory();
        long started = System.nanoTime();
        System.gc();
        long after = runtime.totalMemory() - runtime.freeMemory();
        log.info("Collected start-up garbage in {} ms: heap {} MB -> {} MB",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), before >> 20, after >> 20);
    }

    /**
     * Sends the calls in turn until {@code requests} are answered or the time is up; counts answers by status.
     * {@value #INDEX} in a call's path or body becomes the request's index, so that requests can differ (a
     * cookie per request spreads tags over partitions).
     */
    public static Map<Integer, Integer> send(URI base, WarmupProperties warmup) {
        return send(base, warmup, 0);
    }

    /** As {@link #send(URI, WarmupProperties)}, the requests' indexes starting at {@code firstIndex}. */
    public static Map<Integer, Integer> send(URI base, WarmupProperties warmup, int firstIndex) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + warmup.maxDuration().toNanos();
        Semaphore inFlight = new Semaphore(warmup.concurrency());
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        try {
            for (int i = 0; i < warmup.requests(); i++) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !inFlight.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                    break;
                }
                WarmupProperties.Call call = warmup.calls().get((firstIndex + i) % warmup.calls().size());
                String index = Integer.toString(firstIndex + i);
                HttpRequest request = HttpRequest.newBuilder(base.resolve(call.path().replace(INDEX, index)))
                        .timeout(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))
                        .header("content-type", "application/json")
                        .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(call.body().replace(INDEX, index)))
                        .build();
                client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                    statuses.computeIfAbsent(response == null ? 0 : response.statusCode(), s -> new AtomicInteger())
                            .incrementAndGet();
                    inFlight.release();
                });
            }
            // the last ones: wait for every permit to come back, within the deadline
            inFlight.tryAcquire(warmup.concurrency(), Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<Integer, Integer> counts = new TreeMap<>();
        statuses.forEach((status, count) -> counts.put(status, count.get()));
        return counts;
    }

    /**
     * Waits until each URI's host and port accept a TCP connection, at most {@code patience} in all; returns
     * those that did not.
     */
    public static List<URI> awaitReachable(List<URI> targets, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        List<URI> unreachable = new ArrayList<>();
        for (URI target : targets) {
            while (!accepts(target)) {
                if (System.nanoTime() >= deadline) {
                    unreachable.add(target);
                    break;
                }
                try {
                    Thread.sleep(RETRY_PAUSE.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    unreachable.add(target);
                    break;
                }
            }
        }
        return unreachable;
    }

    private static boolean accepts(URI target) {
        int port = target.getPort() >= 0 ? target.getPort() : "https".equals(target.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(target.getHost(), port), (int) CONNECT_TIMEOUT.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** After the other runners (the front's producer warm-up connects to Kafka first). */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
