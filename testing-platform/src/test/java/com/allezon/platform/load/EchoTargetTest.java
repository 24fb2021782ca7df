package com.allezon.platform.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class EchoTargetTest {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void echoesLargeQueryBodiesWholeAndAnswersTagsWith204() throws Exception {
        // an expected answer of a long profile: far more than one HTTP chunk
        String body = "{\"cookie\":\"c\",\"views\":[" + "\"x\",".repeat(60_000) + "\"x\"],\"buys\":[]}";
        try (EchoTarget echo = new EchoTarget(0)) {
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> answer = post(echo.uri().resolve("/user_profiles/c?time_range=x"), body);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).isEqualTo(body);
            }
            assertThat(post(echo.uri().resolve("/user_tags"), "{}").statusCode()).isEqualTo(204);
        }
    }

    @Test
    void failsEveryNthRequestOfEachKindInTurn() throws Exception {
        try (EchoTarget echo = new EchoTarget(0, 2, 0, Duration.ZERO)) {
            URI tags = echo.uri().resolve("/user_tags");
            URI profile = echo.uri().resolve("/user_profiles/c?time_range=x");
            assertThat(post(tags, "{}").statusCode()).isEqualTo(204);
            assertThat(post(tags, "{}").statusCode()).isEqualTo(503);
            assertThat(post(profile, "[1]").body()).isEqualTo("[1]");
            HttpResponse<String> problem = post(profile, "[2]");
            assertThat(problem.statusCode()).isEqualTo(504);
            assertThat(problem.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(post(profile, "[3]").body()).isEqualTo("[3]");
            HttpResponse<String> wrong = post(profile, "[4]");
            assertThat(wrong.statusCode()).isEqualTo(200);
            assertThat(wrong.body()).isEqualTo(EchoTarget.WRONG);
        }
    }

    @Test
    void answersEveryNthRequestThatIsNoFaultLate() throws Exception {
        Duration lateBy = Duration.ofSeconds(1);
        try (EchoTarget echo = new EchoTarget(0, 3, 2, lateBy)) {
            URI tags = echo.uri().resolve("/user_tags");
            long[] took = new long[7];
            int[] status = new int[7];
            for (int i = 1; i <= 6; i++) {
                long start = System.nanoTime();
                status[i] = post(tags, "{}").statusCode();
                took[i] = System.nanoTime() - start;
            }
            assertThat(status).containsExactly(0, 204, 204, 503, 204, 204, 503);
            // even ones are late, but the 6th is a fault: faults are never late
            assertThat(took[2]).isGreaterThanOrEqualTo(lateBy.toNanos());
            assertThat(took[4]).isGreaterThanOrEqualTo(lateBy.toNanos());
            assertThat(took[5]).isLessThan(lateBy.toNanos());
            assertThat(took[6]).isLessThan(lateBy.toNanos());
        }
    }

    private HttpResponse<String> post(URI uri, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
