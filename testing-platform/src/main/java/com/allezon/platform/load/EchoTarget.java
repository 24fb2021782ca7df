package com.allezon.platform.load;

import java.net.URI;

import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A trivially correct target on a loopback port: 204 to every tag and, for a query, its expected answer (debug
 * mode sends it as the request body) echoed back. The sender warms up against one in its own process
 * ({@link SenderWarmup}); {@code TrivialTargetServer} serves one to measure how much load {@code run} holds.
 */
public final class EchoTarget implements AutoCloseable {

    private final DisposableServer server;

    /** @param port the port, or 0 for a free one */
    public EchoTarget(int port) {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .handle((request, response) -> request.uri().startsWith("/user_tags")
                        ? request.receive().then(response.status(HttpResponseStatus.NO_CONTENT).send())
                        : response.header("Content-Type", "application/json")
                                .sendString(request.receive().aggregate().asString()))
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
