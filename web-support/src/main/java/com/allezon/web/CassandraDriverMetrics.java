package com.allezon.web;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.cassandra.autoconfigure.CqlSessionBuilderCustomizer;
import org.springframework.boot.cassandra.autoconfigure.DriverConfigLoaderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Cassandra request latency as a Prometheus histogram ({@code cassandra_session_cql_requests_seconds}) in
 * every service that has a Cassandra session and the driver's Micrometer module.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = {"com.datastax.oss.driver.api.core.CqlSession",
        "com.datastax.oss.driver.internal.metrics.micrometer.MicrometerMetricsFactory"})
public class CassandraDriverMetrics {

    @Bean
    CqlSessionBuilderCustomizer driverMeterRegistry(MeterRegistry registry) {
        return builder -> builder.withMetricRegistry(registry);
    }

    @Bean
    DriverConfigLoaderBuilderCustomizer driverMetricsConfig() {
        return config -> config
                .withString(DefaultDriverOption.METRICS_FACTORY_CLASS, "MicrometerMetricsFactory")
                .withString(DefaultDriverOption.METRICS_ID_GENERATOR_CLASS, "TaggingMetricIdGenerator")
                .withString(DefaultDriverOption.METRICS_ID_GENERATOR_PREFIX, "cassandra")
                .withStringList(DefaultDriverOption.METRICS_SESSION_ENABLED, List.of("cql-requests"))
                .withBoolean(DefaultDriverOption.METRICS_GENERATE_AGGREGABLE_HISTOGRAMS, true);
    }
}
