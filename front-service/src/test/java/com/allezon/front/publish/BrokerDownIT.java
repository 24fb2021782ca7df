package com.allezon.front.publish;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.allezon.localcluster.Ports;

/** With no broker at all, a tag is refused with a 503 problem, never a 204 and never a hang. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"management.server.port=0", "allezon.front.warmup-patience=0s"})
@AutoConfigureWebTestClient
class BrokerDownIT {

    @Autowired
    WebTestClient web;

    @DynamicPropertySource
    static void noBroker(DynamicPropertyRegistry registry) {
        int nobody = Ports.freePorts(1)[0];
        registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + nobody);
    }

    @Test
    void tagIsRefusedWith503() {
        // the first ones find no broker themselves, the later ones are refused by the breaker
        for (int i = 0; i < 6; i++) {
            web.post().uri("/user_tags").contentType(MediaType.APPLICATION_JSON).bodyValue("""
                    {"time":"2022-03-01T00:00:00.000Z","cookie":"c","country":"PL","device":"TV","action":"VIEW",\
                    "origin":"o","product_info":{"product_id":1,"brand_id":"b","category_id":"c","price":1}}""")
                    .exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }
}
