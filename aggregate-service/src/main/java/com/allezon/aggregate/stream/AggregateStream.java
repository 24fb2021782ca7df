package com.allezon.aggregate.stream;

import java.time.Duration;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import com.allezon.aggregate.config.AggregateStreamProperties;
import com.allezon.aggregate.storage.AggregateSink;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;

/** Runs the counting topology for as long as the application runs; its client metrics go to Micrometer. */
@Component
public class AggregateStream implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AggregateStream.class);

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final AggregateStreamProperties properties;
    private final AggregateSink sink;
    private final MeterRegistry registry;
    private final StreamMeters meters;
    private volatile KafkaStreams streams;
    private volatile boolean everRunning;
    private KafkaStreamsMetrics metrics;

    public AggregateStream(AggregateStreamProperties properties, AggregateSink sink, MeterRegistry registry) {
        this.properties = properties;
        this.sink = sink;
        this.registry = registry;
        this.meters = new StreamMeters(registry);
    }

    @Override
    public synchronized void start() {
        KafkaStreams kafkaStreams = new KafkaStreams(AggregateTopology.build(properties.inputTopic(),
                properties.deadLetterTopic(), sink, meters, properties.flushInterval(), properties.grace()),
                streamsConfig(properties));
        kafkaStreams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                everRunning = true;
            }
            log.info("Kafka Streams {} -> {}", before, now);
        });
        // a failing thread (e.g. Cassandra gone for longer than a poll interval) is replaced, not left dead
        kafkaStreams.setUncaughtExceptionHandler(e -> {
            log.error("Stream thread failed, replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        metrics = new KafkaStreamsMetrics(kafkaStreams);
        metrics.bindTo(registry);
        kafkaStreams.start();
        streams = kafkaStreams;
    }

    public static Properties streamsConfig(AggregateStreamProperties p) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, p.applicationId());
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, p.bootstrapServers());
        config.put(StreamsConfig.STATE_DIR_CONFIG, p.stateDir());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, p.numStreamThreads());
        // exact anyway: every total skips offsets it has already counted
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, p.commitInterval().toMillis());
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) p.changelogReplicationFactor());
        config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, p.cacheMaxBytes());
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // under load a fetch waits for 64 KiB (up to 500 ms) instead of returning every few records: far fewer
        // fetch requests for the broker, nothing next to the 60 s the SPEC allows an aggregate to show
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG), 64 * 1024);
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 500);
        return config;
    }

    @Override
    public synchronized void stop() {
        KafkaStreams kafkaStreams = streams;
        if (kafkaStreams == null) {
            return;
        }
        // leaving the group lets the remaining or replacing instances take the partitions over at once,
        // instead of after the session timeout
        kafkaStreams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(CLOSE_TIMEOUT));
        if (metrics != null) {
            metrics.close();
        }
        streams = null;
    }

    /** Also when the context fails to start after this bean did. */
    @Override
    public void destroy() {
        stop();
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    /** The client's state, or null when it is not started. */
    public KafkaStreams.State state() {
        KafkaStreams kafkaStreams = streams;
        return kafkaStreams == null ? null : kafkaStreams.state();
    }

    /** Whether the client has been RUNNING at least once (its first assignment is done). */
    public boolean everRunning() {
        return everRunning;
    }

    public StreamMeters meters() {
        return meters;
    }
}
