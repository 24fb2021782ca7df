package com.allezon.profile.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.allezon.localcluster.TestCluster;
import com.allezon.profile.ProfileServiceApplication;

/** A profile-service instance in this JVM on the shared test cluster, on free ports. */
final class RunningProfileService implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ConfigurableApplicationContext context;
    private final int port;
    private final int managementPort;

    private RunningProfileService(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.managementPort = Integer.parseInt(context.getEnvironment().getProperty("local.management.port"));
    }

    /** Each test class uses its own group and keyspace, so that it sees every tag from the beginning. */
    static RunningProfileService start(TestCluster cluster, String groupId, String keyspace, String... moreArgs) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--management.server.port=0",
                "--spring.kafka.bootstrap-servers=" + cluster.bootstrapServers(),
                "--spring.cassandra.contact-points=" + cluster.cassandraContactPoint(),
                "--spring.cassandra.local-datacenter=" + cluster.cassandraDatacenter(),
                "--allezon.ingest.group-id=" + groupId,
                "--allezon.cassandra.keyspace=" + keyspace));
        args.addAll(List.of(moreArgs));
        return new RunningProfileService(new SpringApplicationBuilder(ProfileServiceApplication.class)
                .run(args.toArray(String[]::new)));
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    record Answer(int status, String body) {
    }

    /** POSTs to the service; {@code rawPathAndQuery} is sent exactly as given (already percent-encoded). */
    Answer post(String rawPathAndQuery) {
        return send(port, rawPathAndQuery, HttpRequest.BodyPublishers.noBody(), "POST");
    }

    /** POSTs with a body, as debug-mode queries carry their expected answer. */
    Answer post(String rawPathAndQuery, String body) {
        return send(port, rawPathAndQuery, HttpRequest.BodyPublishers.ofString(body), "POST");
    }

    Answer management(String path) {
        return send(managementPort, path, HttpRequest.BodyPublishers.noBody(), "GET");
    }

    private static Answer send(int port, String rawPathAndQuery, HttpRequest.BodyPublisher body, String method) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + rawPathAndQuery))
                .timeout(Duration.ofSeconds(10)).method(method, body).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
