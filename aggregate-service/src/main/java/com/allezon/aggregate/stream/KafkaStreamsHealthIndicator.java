package com.allezon.aggregate.stream;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * DOWN until the stream has been RUNNING once (its first assignment and restore are done), and whenever it
 * is not running or rebalancing. Part of the readiness group.
 */
@Component("kafkaStreamsHealthIndicator")
public class KafkaStreamsHealthIndicator implements HealthIndicator {

    private final AggregateStream stream;

    public KafkaStreamsHealthIndicator(AggregateStream stream) {
        this.stream = stream;
    }

    @Override
    public Health health() {
        KafkaStreams.State state = stream.state();
        boolean up = state != null && stream.everRunning()
                && (state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING);
        return (up ? Health.up() : Health.down()).withDetail("state", String.valueOf(state)).build();
    }
}
