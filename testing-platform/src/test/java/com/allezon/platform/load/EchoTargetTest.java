package com.allezon.platform.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

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
        try (EchoTarget echo = new EchoTarget(0, 2)) {
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

    private HttpResponse<String> post(URI uri, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
