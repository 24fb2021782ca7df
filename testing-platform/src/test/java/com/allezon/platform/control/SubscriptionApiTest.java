package com.allezon.platform.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.allezon.model.Json;
import com.allezon.platform.load.TestTarget;

import tools.jackson.databind.JsonNode;

/** The subscription API and the panel's files, on the real server at a free port. */
class SubscriptionApiTest {

    private static ConfigurableApplicationContext server;
    private static URI base;
    private static final HttpClient http = HttpClient.newHttpClient();
    /** A request that gets no answer fails the test instead of hanging the build (the server answers in ms). */
    private static final Duration ANSWER_PATIENCE = Duration.ofSeconds(30);

    @BeforeAll
    static void startServer() {
        server = PlatformServer.start(0);
        base = URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) server).getWebServer().getPort());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(ANSWER_PATIENCE);
        if (json != null) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.POST(HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(ANSWER_PATIENCE).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String state(HttpResponse<String> response) {
        return Json.MAPPER.readTree(response.body()).get("state").stringValue();
    }

    @Test
    void subscriptionsStartPauseResumeAndCloseForGood() throws Exception {
        try (TestTarget target = TestTarget.perfect()) {
            HttpResponse<String> created = post("/api/subscriptions",
                    "{\"host\":\"127.0.0.1\",\"port\":" + target.uri().getPort() + ",\"rate\":500,\"seed\":3}");
            assertThat(created.statusCode()).isEqualTo(201);
            JsonNode view = Json.MAPPER.readTree(created.body());
            long id = view.get("id").asLong();
            assertThat(view.get("state").stringValue()).isEqualTo("CREATED");
            assertThat(view.get("target").stringValue()).isEqualTo(target.uri().toString());

            assertThat(state(post("/api/subscriptions/" + id + "/start", null))).isEqualTo("RUNNING");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (target.tagsReceived().size() < 50) {
                assertThat(System.nanoTime()).as("tags arrive").isLessThan(deadline);
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
            assertThat(state(post("/api/subscriptions/" + id + "/pause", null))).isEqualTo("PAUSED");
            assertThat(state(post("/api/subscriptions/" + id + "/resume", null))).isEqualTo("RUNNING");
            assertThat(state(post("/api/subscriptions/" + id + "/close", null))).isEqualTo("CLOSED");

            HttpResponse<String> resumeClosed = post("/api/subscriptions/" + id + "/resume", null);
            assertThat(resumeClosed.statusCode()).isEqualTo(409);
            assertThat(resumeClosed.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(Json.MAPPER.readTree(resumeClosed.body()).get("detail").stringValue())
                    .isEqualTo("cannot resume a closed subscription");

            JsonNode details = Json.MAPPER.readTree(get("/api/subscriptions/" + id).body());
            assertThat(details.get("tags").get("sent").asLong()).isGreaterThanOrEqualTo(50);
            assertThat(details.has("samples")).isTrue();
            assertThat(Json.MAPPER.readTree(get("/api/subscriptions").body()).size()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void badRequestsAreProblems() throws Exception {
        assertThat(post("/api/subscriptions", "{\"target\":\"http://127.0.0.1:1\",\"rate\":0}").statusCode()).isEqualTo(400);
        assertThat(post("/api/subscriptions", "{\"rate\":10}").statusCode()).isEqualTo(400);
        assertThat(post("/api/subscriptions/987654/start", null).statusCode()).isEqualTo(404);
    }

    @Test
    void servesThePanel() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Allezon testing platform</title>").contains("panel.js");
        assertThat(get("/panel.js").body()).contains("/api/subscriptions");
    }
}
