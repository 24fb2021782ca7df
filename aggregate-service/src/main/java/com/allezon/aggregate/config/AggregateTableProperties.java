package com.allezon.aggregate.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the totals live in Cassandra ({@code allezon.cassandra.*}); defaults in application.yml.
 *
 * @param keyspace          created if missing, with NetworkTopologyStrategy and this replication factor (as profile-service does)
 * @param replicationFactor replication factor of a keyspace created here
 * @param ttl               lifetime of a written row; bounds storage while keeping well over the 24 h of event
 *                          time the SPEC asks for, as long as a replay's event time does not run slower than
 *                          ttl / 24 h times real time (1/8 for 8 days)
 */
@ConfigurationProperties("allezon.cassandra")
public record AggregateTableProperties(String keyspace, int replicationFactor, Duration ttl) {
}
