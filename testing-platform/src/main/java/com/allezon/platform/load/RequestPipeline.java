package com.allezon.platform.load;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.allezon.platform.stream.PlatformRequest;
import com.allezon.platform.stream.RequestStream;

/**
 * Generates the stream (tags, queries and their expected answers) on its own thread, ahead of the sender,
 * so that an expensive expected answer never delays a send and both cores are used.
 */
final class RequestPipeline implements AutoCloseable {

    /**
     * How far ahead the generator runs, in send time. Requests waiting in the buffer survive young collections:
     * 16,384 (15 s at 1000 tags/s) were copied from survivor space to survivor space and into the old
     * generation, most of what the sender's collector copied; 2 s bridges any hiccup of the generator.
     */
    static final Duration AHEAD = Duration.ofSeconds(2);
    private static final int MIN_AHEAD_REQUESTS = 1_024;
    private static final int MAX_AHEAD_REQUESTS = 65_536;

    private final BlockingQueue<PlatformRequest> queue;
    private final Thread generator;
    private final CountDownLatch ahead = new CountDownLatch(1);
    private volatile RuntimeException failure;

    /** @param rate the stream's tags per second, which sets the buffer's size ({@link #AHEAD}) */
    RequestPipeline(RequestStream stream, long rate, String name) {
        queue = new ArrayBlockingQueue<>(capacity(rate));
        generator = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    queue.put(stream.next());
                    if (queue.remainingCapacity() == 0) {
                        ahead.countDown();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                ahead.countDown();
            }
        }, name);
        generator.setDaemon(true);
        generator.start();
    }

    /** Requests in {@link #AHEAD} at this rate (tags and the queries among them), within fixed bounds. */
    static int capacity(long rate) {
        long requests = (long) Math.ceil(RequestStream.requestsPerSecond(rate) * AHEAD.toMillis() / 1000.0);
        return (int) Math.max(MIN_AHEAD_REQUESTS, Math.min(MAX_AHEAD_REQUESTS, requests));
    }

    /**
     * Waits until the generator is a full buffer ahead (or has failed, or the time is up), so that at the start
     * of a schedule the generator does not compete for the CPU with sending.
     */
    void awaitAhead(Duration atMost) throws InterruptedException {
        ahead.await(atMost.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The next request, waiting for the generator if it is behind. */
    PlatformRequest next() throws InterruptedException {
        while (true) {
            PlatformRequest request = queue.poll(100, TimeUnit.MILLISECONDS);
            if (request != null) {
                return request;
            }
            if (failure != null) {
                throw new IllegalStateException("the request generator failed", failure);
            }
        }
    }

    @Override
    public void close() {
        generator.interrupt();
    }
}
