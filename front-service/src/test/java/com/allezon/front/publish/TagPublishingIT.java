package com.allezon.front.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.allezon.localcluster.TestCluster;
import com.allezon.model.Json;

/** A 204 means the tag is in Kafka, keyed by cookie, as the JSON that came in: checked on a real broker. */
// a generous publish timeout: this test is about what a 204 means, not about speed on a loaded CI machine
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.server.port=0", "allezon.front.publish-timeout=5s"})
@AutoConfigureWebTestClient
class TagPublishingIT {

    @Autowired
    WebTestClient web;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> TestCluster.shared().bootstrapServers());
    }

    @Test
    void everyAcceptedTagIsInTheTopicOnceKeyedByCookie() {
        String run = UUID.randomUUID().toString();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            bodies.add("{\"time\":\"2022-03-01T00:00:0" + (i % 10) + "." + String.format("%03d", i) + "Z\",\"cookie\":\""
                    + run + "-" + (i % 7) + "\",\"country\":\"PL\",\"device\":\"MOBILE\",\"action\":\"BUY\",\"origin\":\"o\","
                    + "\"product_info\":{\"product_id\":" + (i % 2 == 0 ? "\"s" + i + "\"" : i)
                    + ",\"brand_id\":\"b\",\"category_id\":\"c\",\"price\":" + i + "}}");
        }
        for (String body : bodies) {
            web.post().uri("/user_tags").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                    .exchange().expectStatus().isNoContent();
        }

        List<ConsumerRecord<String, String>> ours = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestCluster.shared().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "front-it-" + run,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TestCluster.TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (ours.size() < bodies.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key().startsWith(run)) {
                        ours.add(record);
                    }
                }
            }
        }
        assertThat(ours).hasSize(bodies.size());
        for (ConsumerRecord<String, String> record : ours) {
            assertThat(Json.MAPPER.readTree(record.value()).get("cookie").stringValue()).isEqualTo(record.key());
        }
        assertThat(ours.stream().map(r -> Json.MAPPER.readTree(r.value())).toList())
                .containsExactlyInAnyOrderElementsOf(bodies.stream().map(b -> Json.MAPPER.readTree(b)).toList());
    }
}
