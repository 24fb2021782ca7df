package com.allezon.web;

import java.time.Duration;
import java.util.regex.Pattern;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

/**
 * What every service that owns Cassandra tables does at startup: make sure the shared keyspace exists
 * (one replication strategy for all) and run its own {@code CREATE TABLE IF NOT EXISTS}.
 */
public final class CassandraSchema {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}");
    /** Schema changes wait for agreement across the cluster: far slower than a query's timeout. */
    private static final Duration SCHEMA_CHANGE_TIMEOUT = Duration.ofMinutes(1);

    private CassandraSchema() {
    }

    /** Creates the keyspace when missing; returns its name, to qualify table names with. */
    public static String createKeyspace(CqlSession session, String keyspace, int replicationFactor) {
        if (!IDENTIFIER.matcher(keyspace).matches()) {
            throw new IllegalArgumentException("allezon.cassandra.keyspace must be a plain CQL identifier: " + keyspace);
        }
        change(session, "CREATE KEYSPACE IF NOT EXISTS " + keyspace
                + " WITH replication = {'class': 'NetworkTopologyStrategy', 'replication_factor': "
                + replicationFactor + "}");
        return keyspace;
    }

    public static void change(CqlSession session, String cql) {
        session.execute(SimpleStatement.newInstance(cql).setTimeout(SCHEMA_CHANGE_TIMEOUT));
    }
}
