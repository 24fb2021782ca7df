package com.allezon.aggregate.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The counting stream ({@code allezon.aggregate.*}); defaults in application.yml.
 *
 * @param bootstrapServers           Kafka brokers
 * @param applicationId              Kafka Streams application id (consumer group, changelog topic prefix)
 * @param inputTopic                 where the user tags are
 * @param deadLetterTopic            where tags that cannot be parsed go, with the reason in a header
 * @param stateDir                   Kafka Streams state directory
 * @param numStreamThreads           stream threads of this instance (input partitions bound the parallelism)
 * @param commitInterval             how often consumed offsets and the store's changelog are committed
 * @param changelogReplicationFactor replication factor of the store's changelog topic
 * @param cacheMaxBytes              the store cache: collapses the changelog writes of hot keys
 * @param flushInterval              wall-clock period of the write of changed totals to Cassandra
 * @param flushTimeout               longest wait for one flush's writes before it is retried
 * @param grace                      minutes older than the newest one seen by a task minus this are dropped
 *                                   from the store once written; tags for them are late (still counted exactly)
 * @param maxInFlightWrites          concurrent Cassandra batches of one flush
 */
@ConfigurationProperties("allezon.aggregate")
public record AggregateStreamProperties(String bootstrapServers, String applicationId, String inputTopic,
                                        String deadLetterTopic, String stateDir, int numStreamThreads,
                                        Duration commitInterval, short changelogReplicationFactor,
                                        long cacheMaxBytes, Duration flushInterval, Duration flushTimeout,
                                        Duration grace, int maxInFlightWrites) {
}
