package com.allezon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/** deploy/docker/healthcheck.sh, the containers' HEALTHCHECK, against a real HTTP server. */
class HealthcheckScriptTest {

    private static HttpServer server;
    private static String base;

    @BeforeAll
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/actuator/health/readiness", exchange -> answer(exchange, 200, "{\"status\":\"UP\"}"));
        server.createContext("/down", exchange -> answer(exchange, 503, "{\"status\":\"OUT_OF_SERVICE\"}"));
        server.createContext("/", exchange -> answer(exchange, 404, ""));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @Test
    void readyIsHealthy() {
        assertThat(check(base + "/actuator/health/readiness").exitCode()).isZero();
    }

    @Test
    void theUrlMayComeFromTheEnvironment() {
        var bash = ExternalTool.require("bash", "bash");
        var result = ExternalTool.run(List.of("env", "ALLEZON_HEALTH_URL=" + base + "/actuator/health/readiness",
                bash.toString(), "deploy/docker/healthcheck.sh"));
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void anyOtherStatusIsUnhealthy() {
        assertThat(check(base + "/down").exitCode()).isEqualTo(1);
        assertThat(check(base + "/missing").exitCode()).isEqualTo(1);
    }

    @Test
    void aClosedPortIsUnhealthy() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        var result = check("http://127.0.0.1:" + port + "/actuator/health/readiness");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("cannot connect");
    }

    @Test
    void noUrlIsAnError() {
        var result = check("");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("need an http:// URL");
    }

    private static ExternalTool.Result check(String url) {
        var bash = ExternalTool.require("bash", "bash");
        return ExternalTool.run(List.of("env", "-u", "ALLEZON_HEALTH_URL", bash.toString(), "deploy/docker/healthcheck.sh", url));
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
