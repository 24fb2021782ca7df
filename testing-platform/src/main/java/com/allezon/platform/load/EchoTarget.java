package com.allezon.platform.load;

import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A trivially correct target on a loopback port: 204 to every tag and, for a query, its expected answer (debug
 * mode sends it as the request body) echoed back. The sender warms up against one in its own process
 * ({@link SenderWarmup}), with faults, so that it also compiles how it scores refusals and wrong answers;
 * {@code TrivialTargetServer} serves one to measure how much load {@code run} holds.
 */
public final class EchoTarget implements AutoCloseable {

    static final String PROBLEM = "{\"status\":504,\"title\":\"Gateway Timeout\",\"detail\":\"a fault of the echo\"}";
    /** A wrong answer: valid JSON, none of the expected fields. */
    static final String WRONG = "{}";

    private final DisposableServer server;

    /** @param port the port, or 0 for a free one */
    public EchoTarget(int port) {
        this(port, 0);
    }

    /**
     * @param port       the port, or 0 for a free one
     * @param faultEvery every this-th tag (counted apart) is refused with a 503, every this-th profile query and
     *                   aggregates query (each counted apart) gets, in turn, a 504 problem or a wrong answer; 0:
     *                   no faults
     */
    EchoTarget(int port, int faultEvery) {
        AtomicLong tags = new AtomicLong();
        AtomicLong profiles = new AtomicLong();
        AtomicLong aggregates = new AtomicLong();
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .handle((request, response) -> {
                    boolean tag = request.uri().startsWith("/user_tags");
                    AtomicLong counter = tag ? tags : request.uri().startsWith("/aggregates") ? aggregates : profiles;
                    long n = faultEvery > 0 ? counter.incrementAndGet() : 1;
                    boolean fault = faultEvery > 0 && n % faultEvery == 0;
                    if (tag) {
                        return request.receive().then(response.status(fault ? HttpResponseStatus.SERVICE_UNAVAILABLE
                                : HttpResponseStatus.NO_CONTENT).send());
                    }
                    if (fault && n / faultEvery % 2 == 1) {
                        return request.receive().then(response.status(HttpResponseStatus.GATEWAY_TIMEOUT)
                                .header("Content-Type", "application/problem+json").sendString(Mono.just(PROBLEM)).then());
                    }
                    return response.header("Content-Type", "application/json")
                            .sendString(fault ? request.receive().then(Mono.just(WRONG))
                                    : request.receive().aggregate().asString());
                })
                .bindNow();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** Blocks until the server is disposed (by another thread or at exit). */
    public void awaitDisposal() {
        server.onDispose().block();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
