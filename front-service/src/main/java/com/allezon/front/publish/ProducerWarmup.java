package com.allezon.front.publish;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import com.allezon.front.config.FrontProperties;

/**
 * Fetches the topic's metadata before the service reports ready, so that the first tags do not pay for
 * the connection and the producer id within their 200 ms. A broker that stays away only delays
 * readiness by the configured patience; tags then get fast 503s until it is back.
 */
@Component
@Order(0) // Kafka first; web-support's SelfWarmup runs last, once the service is otherwise ready
class ProducerWarmup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ProducerWarmup.class);
    private final KafkaTemplate<String, byte[]> kafka;
    private final String topic;
    private final Duration patience;

    ProducerWarmup(KafkaTemplate<String, byte[]> kafka, FrontProperties properties) {
        this.kafka = kafka;
        this.topic = properties.topic();
        this.patience = properties.warmupPatience();
    }

    @Override
    public void run(ApplicationArguments args) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                int partitions = kafka.partitionsFor(topic).size();
                log.info("Publishing to {} with {} partitions", topic, partitions);
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    log.warn("Kafka not reachable for topic {} after {}: tags get 503 until it is", topic, patience);
                    return;
                }
            }
        }
    }
}
