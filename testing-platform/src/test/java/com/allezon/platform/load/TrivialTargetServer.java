package com.allezon.platform.load;

import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A program, for measuring how much load {@code run} holds: a trivially correct target on a loopback port
 * that answers 204 to tags and echoes the expected answer of a query.
 * {@code java -cp ... com.allezon.platform.load.TrivialTargetServer [port]}
 */
public final class TrivialTargetServer {

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 18080;
        DisposableServer server = HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .handle((request, response) -> request.uri().startsWith("/user_tags")
                        ? request.receive().then(response.status(HttpResponseStatus.NO_CONTENT).send())
                        : response.header("Content-Type", "application/json")
                                .sendString(request.receive().aggregate().asString()))
                .bindNow();
        System.out.println("trivial target on http://127.0.0.1:" + server.port());
        server.onDispose().block();
    }
}
