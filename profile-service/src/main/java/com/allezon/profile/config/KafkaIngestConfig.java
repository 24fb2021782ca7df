package com.allezon.profile.config;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
public class KafkaIngestConfig {

    /**
     * A failed batch (Cassandra unavailable, dead-letter topic unavailable) is retried with backoff and no
     * attempt limit: skipping it would lose tags, and its offsets stay uncommitted meanwhile.
     */
    @Bean
    CommonErrorHandler retryBatchesForever() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(Duration.ofSeconds(5).toMillis());
        return new DefaultErrorHandler(backOff);
    }
}
