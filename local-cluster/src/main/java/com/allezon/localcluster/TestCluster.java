package com.allezon.localcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One real Kafka and one real Cassandra for all integration tests of a JVM (a failsafe fork): free ports,
 * a temp dir, topics {@value #TOPIC} ({@value #TOPIC_PARTITIONS} partitions) and {@value #DEAD_LETTER_TOPIC},
 * keyspace {@value #KEYSPACE}. Started on first use; stopped and deleted by a JVM shutdown hook.
 *
 * <pre>{@code
 * @DynamicPropertySource
 * static void cluster(DynamicPropertyRegistry registry) {
 *     TestCluster cluster = TestCluster.shared();
 *     registry.add("spring.kafka.bootstrap-servers", cluster::bootstrapServers);
 *     registry.add("spring.cassandra.contact-points", cluster::cassandraContactPoint);
 *     registry.add("spring.cassandra.local-datacenter", cluster::cassandraDatacenter);
 * }
 * }</pre>
 */
public final class TestCluster {

    public static final String TOPIC = "user-tags";
    public static final int TOPIC_PARTITIONS = 8;
    public static final String DEAD_LETTER_TOPIC = "user-tags-dlt";
    public static final String KEYSPACE = "allezon";

    private static TestCluster shared;

    private final Path baseDir;
    private final KafkaNode kafka;
    private final CassandraNode cassandra;

    private TestCluster(Path baseDir, KafkaNode kafka, CassandraNode cassandra) {
        this.baseDir = baseDir;
        this.kafka = kafka;
        this.cassandra = cassandra;
    }

    /** The cluster of this JVM, started on the first call (about 10-20 s), reused afterwards. */
    public static synchronized TestCluster shared() {
        if (shared == null) {
            shared = startNew();
        }
        return shared;
    }

    private static TestCluster startNew() {
        Path baseDir;
        try {
            baseDir = Files.createTempDirectory("allezon-test-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir", e);
        }
        int[] ports = Ports.freePorts(4);
        Duration timeout = Duration.ofMinutes(3);
        KafkaNode.Settings kafkaSettings = new KafkaNode.Settings(ServerLibs.kafka(), baseDir.resolve("kafka"),
                baseDir.resolve("kafka.log"), ports[0], ports[1], "384m", false, timeout);
        CassandraNode.Settings cassandraSettings = new CassandraNode.Settings(ServerLibs.cassandra(),
                baseDir.resolve("cassandra"), baseDir.resolve("cassandra.log"), ports[2], ports[3], "512m", false, timeout);

        // Cassandra takes longest: start it first and let Kafka come up meanwhile
        CompletableFuture<CassandraNode> cassandraStart = CompletableFuture.supplyAsync(() -> CassandraNode.start(cassandraSettings));
        KafkaNode kafka = null;
        CassandraNode cassandra = null;
        try {
            kafka = KafkaNode.start(kafkaSettings);
            kafka.createTopic(TOPIC, TOPIC_PARTITIONS);
            kafka.createTopic(DEAD_LETTER_TOPIC, 1);
            cassandra = join(cassandraStart);
            cassandra.createKeyspace(KEYSPACE, 1);
        } catch (RuntimeException e) {
            if (kafka != null) {
                kafka.process().kill();
            }
            if (cassandra != null) {
                cassandra.process().kill();
            } else {
                cassandraStart.thenAccept(node -> node.process().kill());
            }
            deleteRecursively(baseDir);
            throw e;
        }
        TestCluster cluster = new TestCluster(baseDir, kafka, cassandra);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::shutdown, "allezon-test-cluster-shutdown"));
        return cluster;
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    /** Test data is disposable: SIGKILL is enough and keeps the end of the test JVM fast. */
    private void shutdown() {
        kafka.process().kill();
        cassandra.process().kill();
        deleteRecursively(baseDir);
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** "127.0.0.1:port", the form of {@code spring.cassandra.contact-points}. */
    public String cassandraContactPoint() {
        return cassandra.contactPoint();
    }

    public String cassandraDatacenter() {
        return cassandra.datacenter();
    }

    public KafkaNode kafka() {
        return kafka;
    }

    public CassandraNode cassandra() {
        return cassandra;
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
