package com.allezon.profile.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the profile table lives. The keyspace is created at startup when missing, so the session is opened
 * without one and every statement names it.
 */
@ConfigurationProperties("allezon.cassandra")
public record CassandraSchemaProperties(String keyspace, int replicationFactor) {
}
