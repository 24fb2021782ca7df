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

    private static final int AHEAD = 16_384;

    private final BlockingQueue<PlatformRequest> queue = new ArrayBlockingQueue<>(AHEAD);
    private final Thread generator;
    private final CountDownLatch ahead = new CountDownLatch(1);
    private volatile RuntimeException failure;

    RequestPipeline(RequestStream stream, String name) {
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
