package com.allezon.front.publish;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import com.allezon.front.config.FrontProperties;
import com.allezon.model.UserTag;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes a tag to the {@code user-tags} topic keyed by cookie (so one shopper's tags stay in order in
 * one partition) with the idempotent producer and acks=all: the Mono completes on the broker's ack.
 */
@Component
public class KafkaTagPublisher implements TagPublisher, DisposableBean {

    private final KafkaTemplate<String, byte[]> kafka;
    private final String topic;
    /**
     * {@code send} blocks up to max.block.ms while the broker is unknown; keep that off the event loop so
     * that one missing broker never stalls the other requests.
     */
    private final ExecutorService sendThreads = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "tag-publisher");
        t.setDaemon(true);
        return t;
    });
    private final Scheduler sendScheduler = Schedulers.fromExecutorService(sendThreads);

    public KafkaTagPublisher(KafkaTemplate<String, byte[]> kafka, FrontProperties properties) {
        this.kafka = kafka;
        this.topic = properties.topic();
    }

    @Override
    public Mono<Void> publish(UserTag tag) {
        byte[] value = tag.json().getBytes(StandardCharsets.UTF_8);
        return Mono.fromFuture(() -> kafka.send(topic, tag.cookie(), value))
                .subscribeOn(sendScheduler)
                // the ack completes on the producer's only I/O thread: answer the client from elsewhere
                .publishOn(Schedulers.parallel())
                .then();
    }

    @Override
    public void destroy() {
        sendScheduler.dispose();
    }
}
