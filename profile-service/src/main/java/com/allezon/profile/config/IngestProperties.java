package com.allezon.profile.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The consumer of user tags.
 *
 * @param topic           where front-service publishes tags
 * @param deadLetterTopic where tags that cannot be parsed go, with the reason in a header
 * @param groupId         consumer group; all profile-service instances share it
 * @param concurrency     consumers per instance (partitions bound the useful number)
 * @param trimEvery       writes of one cookie and action seen by this instance between two trims
 * @param writeTimeout    how long a batch may wait for its Cassandra writes before it is retried
 */
@ConfigurationProperties("allezon.ingest")
public record IngestProperties(String topic, String deadLetterTopic, String groupId, int concurrency,
                               int trimEvery, Duration writeTimeout) {
}
