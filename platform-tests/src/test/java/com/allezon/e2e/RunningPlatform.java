package com.allezon.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.allezon.localcluster.PlatformLayout;
import com.allezon.localcluster.Ports;
import com.allezon.localcluster.ServiceProcess;
import com.allezon.localcluster.TestCluster;

/**
 * The whole platform for end-to-end tests: the shared real Kafka and Cassandra of this JVM and the three
 * services started from their runnable jars as separate JVMs on free ports, stopped at JVM exit.
 */
final class RunningPlatform {

    private static RunningPlatform instance;

    final int frontPort;
    final Map<String, Integer> managementPorts = new LinkedHashMap<>();
    private final List<ServiceProcess> services = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private RunningPlatform() {
        TestCluster cluster = TestCluster.shared();
        PlatformLayout layout = new PlatformLayout(Path.of(System.getProperty("allezon.repo", "..")));
        String version = System.getProperty("allezon.version", "0.1.0-SNAPSHOT");
        int[] ports = Ports.freePorts(6);
        frontPort = ports[0];
        Path work;
        try {
            work = Files.createTempDirectory("allezon-e2e-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> common = List.of(
                "--spring.kafka.bootstrap-servers=" + cluster.bootstrapServers(),
                "--spring.cassandra.contact-points=" + cluster.cassandraContactPoint(),
                "--spring.cassandra.local-datacenter=" + cluster.cassandraDatacenter());
        launch(layout, version, work, "profile-service", ports[2], ports[3], common, List.of());
        launch(layout, version, work, "aggregate-service", ports[4], ports[5], common,
                List.of("--allezon.aggregate.state-dir=" + work.resolve("aggregate-state")));
        // Generous budgets: these tests are about exact answers on a possibly overloaded CI machine; the
        // latency budgets are measured by the testing platform's benchmark runs, not here.
        launch(layout, version, work, "front-service", ports[0], ports[1], common, List.of(
                "--allezon.front.publish-timeout=10s", "--allezon.front.profile-timeout=10s",
                "--allezon.front.profile-service-url=http://127.0.0.1:" + ports[2],
                "--allezon.front.aggregate-service-url=http://127.0.0.1:" + ports[4]));
        // test data is disposable: kill at once, before the shared cluster goes away under them
        Runtime.getRuntime().addShutdownHook(new Thread(() -> services.forEach(s -> s.process().kill())));
        services.forEach(s -> s.awaitReady(Duration.ofMinutes(3)));
    }

    private void launch(PlatformLayout layout, String version, Path work, String module, int port, int managementPort,
                        List<String> common, List<String> extra) {
        List<String> args = new ArrayList<>(common);
        args.add("--server.port=" + port);
        args.add("--management.server.port=" + managementPort);
        args.addAll(extra);
        services.add(ServiceProcess.launch(module, layout.serviceJar(module, version), List.of("-Xmx384m"), args,
                managementPort, work.resolve(module + ".log"), false));
        managementPorts.put(module, managementPort);
    }

    static synchronized RunningPlatform shared() {
        if (instance == null) {
            instance = new RunningPlatform();
        }
        return instance;
    }

    HttpResponse<String> post(String rawPathAndQuery, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + frontPort + rawPathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(request.build());
    }

    String prometheus(String module) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPorts.get(module)
                + "/actuator/prometheus")).GET().build()).body();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpClient http() {
        return http;
    }
}
