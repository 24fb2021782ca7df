package com.allezon.front.publish;

import java.nio.charset.StandardCharsets;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import com.allezon.front.config.FrontProperties;
import com.allezon.model.UserTag;

import reactor.core.publisher.Mono;

/**
 * Publishes a tag to the {@code user-tags} topic keyed by cookie (so one shopper's tags stay in order in
 * one partition) with the idempotent producer and acks=all: the Mono completes on the broker's ack.
 * <p>
 * No thread hops: {@code send} runs on the calling event loop and the answer is written from the producer's
 * I/O thread (Netty hands the write back to the connection's loop). On a 2-core machine the two hops cost
 * more than the work itself. {@code send} only blocks while the topic's metadata is unknown (a broker that
 * has never answered), for at most max.block.ms (100 ms); the front's breaker then answers 503 at once.
 */
@Component
public class KafkaTagPublisher implements TagPublisher {

    private final KafkaTemplate<String, byte[]> kafka;
    private final String topic;

    @Autowired
    public KafkaTagPublisher(KafkaTemplate<String, byte[]> kafka, FrontProperties properties) {
        this(kafka, properties.topic());
    }

    /** A publisher to another topic: the start-up rehearsal's scratch topic. */
    public KafkaTagPublisher(KafkaTemplate<String, byte[]> kafka, String topic) {
        this.kafka = kafka;
        this.topic = topic;
    }

    @Override
    public Mono<Void> publish(UserTag tag) {
        byte[] value = tag.json().getBytes(StandardCharsets.UTF_8);
        return Mono.fromFuture(() -> kafka.send(topic, tag.cookie(), value)).then();
    }
}
