package com.allezon.front.publish;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.common.PartitionInfo;

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
public class ProducerWarmup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ProducerWarmup.class);
    /** Between two looks at the metadata when it had a partition without a leader. */
    private static final Duration POLL = Duration.ofMillis(50);
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
        int partitions = awaitTopic(kafka, topic, patience);
        if (partitions > 0) {
            log.info("Publishing to {} with {} partitions", topic, partitions);
        } else {
            log.warn("Kafka not reachable for topic {} after {}: tags get 503 until it is", topic, patience);
        }
    }

    /**
     * Waits until the producer knows a leader for every partition of the topic (so a send does not block on
     * metadata), at most for {@code patience}: a topic just created has no leaders for a moment.
     *
     * @return the topic's partition count, or 0 if it did not get there in time
     */
    public static int awaitTopic(KafkaTemplate<String, byte[]> kafka, String topic, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                List<PartitionInfo> partitions = kafka.partitionsFor(topic);
                if (!partitions.isEmpty() && partitions.stream().allMatch(ProducerWarmup::led)) {
                    return partitions.size();
                }
            } catch (RuntimeException e) {
                // no metadata within max.block.ms: the broker or the topic is not there yet
            }
            if (System.nanoTime() > deadline) {
                return 0;
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    private static boolean led(PartitionInfo partition) {
        return partition.leader() != null && !partition.leader().isEmpty();
    }
}
