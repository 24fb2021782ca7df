package com.allezon.localcluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;

/**
 * Real Kafka and Cassandra nodes on free ports: a record and a row go in, both survive a restart on the
 * same data directories (no reformat), and after stop the ports are free again.
 */
class LocalClusterIT {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    void kafkaAndCassandraStartServeRestartWithTheirDataAndStop() throws Exception {
        int[] ports = Ports.freePorts(4);
        var kafkaSettings = new KafkaNode.Settings(ServerLibs.kafka(), dir.resolve("kafka"), dir.resolve("kafka.log"),
                ports[0], ports[1], "384m", false, START_TIMEOUT);
        var cassandraSettings = new CassandraNode.Settings(ServerLibs.cassandra(), dir.resolve("cassandra"),
                dir.resolve("cassandra.log"), ports[2], ports[3], "512m", false, START_TIMEOUT);

        long t = System.nanoTime();
        try (KafkaNode kafka = KafkaNode.start(kafkaSettings)) {
            System.out.printf("kafka cold start %.1f s%n", (System.nanoTime() - t) / 1e9);
            kafka.createTopic("it-topic", 3);
            kafka.createTopic("it-topic", 3); // idempotent
            produce(kafka.bootstrapServers(), "it-topic", "cookie-1", "hello");
            assertThat(consumeAll(kafka.bootstrapServers(), "it-topic", 1)).containsExactly("cookie-1=hello");
            // the broker's own layout: each partition's two indexes, preallocated to log.index.size.max.bytes (1 MiB)
            long topicIndexBytes = 0;
            for (int partition = 0; partition < 3; partition++) {
                for (String suffix : List.of(".index", ".timeindex")) {
                    long size = Files.size(KafkaNode.logDir(kafkaSettings.dataDir()).resolve("it-topic-" + partition)
                            .resolve("00000000000000000000" + suffix));
                    assertThat(size).isBetween(1L << 19, 1L << 20);
                    topicIndexBytes += size;
                }
            }
            KafkaNode.Preloaded preloaded = KafkaNode.preloadIndexes(kafkaSettings.dataDir());
            assertThat(preloaded.files()).isGreaterThanOrEqualTo(2 * 3);
            assertThat(preloaded.bytes()).isGreaterThanOrEqualTo(topicIndexBytes);
        }
        assertThat(Ports.awaitFree(ports[0], Duration.ofSeconds(10))).isTrue();
        assertThat(Ports.awaitFree(ports[1], Duration.ofSeconds(10))).isTrue();

        t = System.nanoTime();
        try (KafkaNode kafka = KafkaNode.start(kafkaSettings)) {
            System.out.printf("kafka warm start %.1f s%n", (System.nanoTime() - t) / 1e9);
            assertThat(consumeAll(kafka.bootstrapServers(), "it-topic", 1)).containsExactly("cookie-1=hello");
        }
        assertThat(Ports.awaitFree(ports[0], Duration.ofSeconds(10))).isTrue();

        t = System.nanoTime();
        try (CassandraNode cassandra = CassandraNode.start(cassandraSettings)) {
            System.out.printf("cassandra cold start %.1f s%n", (System.nanoTime() - t) / 1e9);
            cassandra.createKeyspace("it_ks", 1);
            cassandra.createKeyspace("it_ks", 1); // idempotent
            try (CqlSession session = cassandra.openSession()) {
                session.execute("CREATE TABLE it_ks.kv (k text PRIMARY KEY, v int)");
                session.execute(session.prepare("INSERT INTO it_ks.kv (k, v) VALUES (?, ?)").bind("a", 42));
                assertThat(session.execute("SELECT v FROM it_ks.kv WHERE k = 'a'").one().getInt("v")).isEqualTo(42);
            }
        }
        assertThat(Ports.awaitFree(ports[2], Duration.ofSeconds(10))).isTrue();
        assertThat(Ports.awaitFree(ports[3], Duration.ofSeconds(10))).isTrue();

        t = System.nanoTime();
        try (CassandraNode cassandra = CassandraNode.start(cassandraSettings)) {
            System.out.printf("cassandra warm start %.1f s%n", (System.nanoTime() - t) / 1e9);
            try (CqlSession session = cassandra.openSession()) {
                Row row = session.execute("SELECT v FROM it_ks.kv WHERE k = 'a'").one();
                assertThat(row).isNotNull();
                assertThat(row.getInt("v")).isEqualTo(42);
            }
        }
        assertThat(Ports.awaitFree(ports[2], Duration.ofSeconds(10))).isTrue();
        assertThat(Ports.awaitFree(ports[3], Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void sharedTestClusterHasTopicsAndKeyspace() {
        TestCluster cluster = TestCluster.shared();
        assertThat(TestCluster.shared()).isSameAs(cluster);
        assertThat(cluster.cassandraDatacenter()).isEqualTo("datacenter1");
        assertThat(cluster.cassandraContactPoint()).startsWith("127.0.0.1:");
        produce(cluster.bootstrapServers(), TestCluster.TOPIC, "c", "v");
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            var topics = admin.describeTopics(List.of(TestCluster.TOPIC, TestCluster.DEAD_LETTER_TOPIC)).allTopicNames().get();
            assertThat(topics.get(TestCluster.TOPIC).partitions()).hasSize(TestCluster.TOPIC_PARTITIONS);
            assertThat(topics.get(TestCluster.DEAD_LETTER_TOPIC).partitions()).hasSize(1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        try (CqlSession session = cluster.cassandra().openSession()) {
            assertThat(session.getMetadata().getKeyspace(TestCluster.KEYSPACE)).isPresent();
        }
    }

    private static void produce(String bootstrap, String topic, String key, String value) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new AssertionError("produce failed", e);
        }
    }

    private static List<String> consumeAll(String bootstrap, String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Deadline deadline = Deadline.after(Duration.ofSeconds(60));
            while (seen.size() < expected && !deadline.expired()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    seen.add(record.key() + "=" + record.value());
                }
            }
        }
        return seen;
    }
}
