package com.allezon.front.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;

import com.allezon.front.publish.TagPublisher;
import com.allezon.model.Json;
import com.allezon.model.UserTag;
import com.allezon.web.ScratchMeters;
import com.sun.net.httpserver.HttpServer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import reactor.core.publisher.Mono;

/**
 * The public HTTP contract of front-service: every error path of {@code POST /user_tags} and the
 * pass-through forwarding of queries. Kafka is replaced by an in-test publisher and the owning services
 * by a tiny HTTP server: what is tested here is the web layer only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.server.port=0", "allezon.front.publish-timeout=300ms",
                "allezon.front.profile-timeout=500ms", "allezon.front.breaker-failures=1000"})
@AutoConfigureWebTestClient
class FrontContractTest {

    static final String TAG = """
            {"time":"2022-03-01T00:00:00.649Z","cookie":"c1","country":"PL","device":"PC","action":"VIEW",\
            "origin":"o1","product_info":{"product_id":12486,"brand_id":"Nike","category_id":"shoes","price":28969}}""";

    static final HttpServer owner = startOwner();
    static final List<String> ownerRequests = new CopyOnWriteArrayList<>();
    static final AtomicReference<Mono<Void>> publishBehaviour = new AtomicReference<>(Mono.empty());
    static final List<UserTag> published = new CopyOnWriteArrayList<>();

    @Autowired
    WebTestClient web;

    @Autowired
    MeterRegistry registry;

    @org.springframework.beans.factory.annotation.Value("${local.server.port}")
    int port;

    static HttpServer startOwner() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                ownerRequests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + "?"
                        + exchange.getRequestURI().getRawQuery() + " " + new String(body, StandardCharsets.UTF_8));
                if (exchange.getRequestURI().getRawQuery().contains("slow")) {
                    java.util.concurrent.locks.LockSupport.parkNanos(java.time.Duration.ofSeconds(2).toNanos());
                }
                boolean bad = exchange.getRequestURI().getRawQuery().contains("bad");
                byte[] answer = (bad ? "{\"status\":400}" : "{\"owner\":\"answer\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type",
                        bad ? "application/problem+json" : "application/json");
                exchange.sendResponseHeaders(bad ? 400 : 200, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopOwner() {
        owner.stop(0);
    }

    @DynamicPropertySource
    static void owners(DynamicPropertyRegistry registry) {
        String url = "http://127.0.0.1:" + owner.getAddress().getPort();
        registry.add("allezon.front.profile-service-url", () -> url);
        registry.add("allezon.front.aggregate-service-url", () -> url);
    }

    @TestConfiguration
    static class InTestPublisher {
        @Bean
        @Primary
        TagPublisher recordingPublisher() {
            return tag -> publishBehaviour.get().doOnSuccess(v -> published.add(tag));
        }
    }

    @BeforeEach
    void reset() {
        published.clear();
        ownerRequests.clear();
        publishBehaviour.set(Mono.empty());
    }

    @Test
    void theRehearsalsScratchMetersAreOfTheClassesOfTheServicesOwn() {
        // the rehearsal compiles the intake for the meter classes it meets; others in real traffic fail class checks
        MeterRegistry scratch = ScratchMeters.registry();
        assertThat(scratch.counter("allezon.test.meter").getClass())
                .isSameAs(registry.counter("allezon.test.meter").getClass());
        assertThat(Timer.builder("allezon.test.timer").register(scratch).getClass())
                .isSameAs(Timer.builder("allezon.test.timer").register(registry).getClass());
        assertThat(scratch).isNotSameAs(registry);
    }

    @Test
    void validTagIsPublishedAsItCameAndAnswered204() {
        web.post().uri("/user_tags").contentType(MediaType.APPLICATION_JSON).bodyValue(TAG)
                .exchange().expectStatus().isNoContent().expectBody().isEmpty();
        assertThat(published).hasSize(1);
        assertThat(Json.MAPPER.readTree(published.get(0).json())).isEqualTo(Json.MAPPER.readTree(TAG));
    }

    @Test
    void tagNotAcknowledgedInTimeIs503AndNot204() {
        publishBehaviour.set(Mono.never());
        web.post().uri("/user_tags").contentType(MediaType.APPLICATION_JSON).bodyValue(TAG)
                .exchange().expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(503);
    }

    @Test
    void brokerFailureIs503() {
        publishBehaviour.set(Mono.error(new IllegalStateException("broker gone")));
        web.post().uri("/user_tags").contentType(MediaType.APPLICATION_JSON).bodyValue(TAG)
                .exchange().expectStatus().isEqualTo(503);
        assertThat(published).isEmpty();
    }

    @Test
    void malformedTagsAre400NamingTheField() {
        assertBadTag("{not json", "body");
        assertBadTag("[]", "body");
        assertBadTag(TAG.replace("\"time\":\"2022-03-01T00:00:00.649Z\",", ""), "time");
        assertBadTag(TAG.replace("2022-03-01T00:00:00.649Z", "yesterday"), "time");
        assertBadTag(TAG.replace("\"PC\"", "\"FRIDGE\""), "device");
        assertBadTag(TAG.replace("\"VIEW\"", "\"LIKE\""), "action");
        assertBadTag(TAG.replace("28969", "28969.5"), "product_info.price");
        assertBadTag(TAG.replace("28969", "3000000000"), "product_info.price");
        assertBadTag(TAG.replace("\"Nike\"", "7"), "product_info.brand_id");
        assertThat(published).isEmpty();
    }

    private void assertBadTag(String body, String field) {
        web.post().uri("/user_tags").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.field").isEqualTo(field).jsonPath("$.status").isEqualTo(400);
    }

    @Test
    void oversizedTagIs413() {
        String huge = TAG.replace("\"o1\"", "\"" + "x".repeat(70_000) + "\"");
        web.post().uri("/user_tags").contentType(MediaType.APPLICATION_JSON).bodyValue(huge)
                .exchange().expectStatus().isEqualTo(413)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(published).isEmpty();
    }

    @Test
    void profileQueryIsForwardedRawWithItsBodyAndAnswerPassesThrough() {
        web.post().uri(java.net.URI.create("http://127.0.0.1:" + port + "/user_profiles/a%2Fb+c%22%C3%A9?time_range=x_y&limit=5"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"expected\":1}")
                .exchange().expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.owner").isEqualTo("answer");
        assertThat(ownerRequests).containsExactly(
                "POST /user_profiles/a%2Fb+c%22%C3%A9?time_range=x_y&limit=5 {\"expected\":1}");
    }

    @Test
    void queriesWithoutBodyOrWithAFormContentTypeAreForwardedToo() {
        web.post().uri("/aggregates?time_range=x").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.owner").isEqualTo("answer");
        web.post().uri("/aggregates?time_range=y").contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.owner").isEqualTo("answer");
        web.post().uri("/aggregates?time_range=z").contentType(MediaType.TEXT_PLAIN).bodyValue("hello")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.owner").isEqualTo("answer");
        assertThat(ownerRequests).containsExactly("POST /aggregates?time_range=x ", "POST /aggregates?time_range=y ",
                "POST /aggregates?time_range=z hello");
    }

    @Test
    void aSlowOwnerIsA504ProblemWithinTheBudget() {
        web.post().uri("/user_profiles/c?slow=1").exchange()
                .expectStatus().isEqualTo(504)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(504);
    }

    @Test
    void ownerErrorsPassThroughUnchanged() {
        web.post().uri("/aggregates?bad=1").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(400);
        assertThat(ownerRequests).containsExactly("POST /aggregates?bad=1 ");
    }

    @Test
    void problemDocumentsHaveTheSameShapeAsSpringsEverywhere() {
        // the same members in the same order as ProblemAdvice's documents from profile- and aggregate-service
        web.post().uri("/user_tags").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(TAG.replace("2022-03-01T00:00:00.649Z", "bad"))
                .exchange().expectStatus().isBadRequest()
                .expectBody(String.class).isEqualTo("{\"detail\":\"time must be a UTC time like 2022-03-01T00:00:00.000Z,"
                        + " got \\\"bad\\\"\",\"instance\":\"/user_tags\",\"status\":400,\"title\":\"Invalid request\","
                        + "\"type\":\"https://allezon.example/problems/invalid-request\",\"field\":\"time\"}");
    }

    @Test
    void otherMethodsOnPublicPathsAre405NamingPost() {
        web.get().uri("/user_tags").exchange()
                .expectStatus().isEqualTo(405)
                .expectHeader().valueEquals("Allow", "POST")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(405);
        web.put().uri("/aggregates?time_range=x").exchange().expectStatus().isEqualTo(405);
        assertThat(ownerRequests).isEmpty();
        web.get().uri("/elsewhere").exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aCookieWithABrokenPercentEscapeIs400NamingTheCookie() throws Exception {
        // sent raw: URI classes would refuse to build this path
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("POST /user_profiles/ab%ZZ?time_range=x HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json")
                    .contains("\"field\":\"cookie\"").contains("\"instance\":\"/user_profiles/ab%ZZ\"");
        }
        assertThat(ownerRequests).isEmpty();
    }

    @Test
    void anOversizedChunkedTagIs413() throws Exception {
        String chunk = "x".repeat(40_000);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            String request = "POST /user_tags HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n"
                    + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413").contains("\"title\":\"Body too large\"");
        }
        assertThat(published).isEmpty();
    }

    @Test
    void publicRequestsAreTimedLikeSpringTimesItsOwn() {
        web.post().uri("/user_tags").contentType(MediaType.APPLICATION_JSON).bodyValue(TAG)
                .exchange().expectStatus().isNoContent();
        Timer timer = registry.find("http.server.requests")
                .tags("uri", "/user_tags", "status", "204", "outcome", "SUCCESS", "method", "POST",
                        "exception", "none", "error", "none")
                .timer();
        assertThat(timer).isNotNull();
        assertThat(timer.count()).isPositive();
    }
}
