package com.allezon.localcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Kafka (KRaft, broker and controller in one JVM) started from the libraries of
 * {@code servers/kafka-server}. Its data directory survives {@link #stop()}: starting again on the same
 * directory resumes with every topic and record (storage is formatted only once).
 */
public final class KafkaNode implements AutoCloseable {

    public static final String COMPONENT = "kafka";
    private static final String MAIN_CLASS = "kafka.Kafka";
    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";

    /**
     * How to run the node.
     *
     * @param libDir         the broker's jars ({@code servers/kafka-server/target/lib})
     * @param dataDir        config and log segments; reused across restarts
     * @param logFile        where the JVM's output goes
     * @param port           the client (PLAINTEXT) listener
     * @param controllerPort the KRaft controller listener
     * @param maxHeap        e.g. {@code 512m}
     * @param detach         run in its own session so it outlives this JVM (the launcher); false for tests
     */
    public record Settings(Path libDir, Path dataDir, Path logFile, int port, int controllerPort, String maxHeap,
                           boolean detach, Duration startTimeout) {

        public Settings {
            dataDir = dataDir.toAbsolutePath();
            logFile = logFile.toAbsolutePath();
        }
    }

    private final Settings settings;
    private final ChildProcess process;

    private KafkaNode(Settings settings, ChildProcess process) {
        this.settings = settings;
        this.process = process;
    }

    /** Renders {@code server.properties} into the data dir; the values a test can assert on. */
    static Path writeConfig(Settings settings) {
        ConfigTemplate.load("kafka-log4j2.properties").renderTo(settings.dataDir().resolve("log4j2.properties"), Map.of());
        return ConfigTemplate.load("kafka-server.properties").renderTo(settings.dataDir().resolve("server.properties"),
                Map.of("port", settings.port(),
                        "controllerPort", settings.controllerPort(),
                        "logDirs", logDir(settings.dataDir())));
    }

    /** The broker's log directory (one subdirectory per topic partition) under a node's data dir. */
    static Path logDir(Path dataDir) {
        return dataDir.toAbsolutePath().resolve("kraft-logs");
    }

    /** What {@link #preloadIndexes} read. */
    public record Preloaded(int files, long bytes) {
    }

    /**
     * Reads every offset and time index file of the broker's partitions once, so that their pages are in the page
     * cache before real traffic. The broker maps them into memory, sparse (preallocated to
     * {@code log.index.size.max.bytes}); the first append to a partition touches its index, and that page fault read
     * ahead megabytes of zeros into the page cache on the request thread (on this machine, reading 1.36 GB of such
     * sparse files took 1.7 s). Measured at 1000 tags/s on a fresh start: the first produce requests to the real topic
     * each spent 60-190 ms appending (Kafka's request log), the broker's request threads mostly in the kernel zeroing
     * pages ({@code __pi_memset} under {@code filemap_fault}), and tags of the schedule's first half second took up to
     * 430 ms on the wire; with the files read beforehand, the first acknowledgements took 1.6-20 ms. Files the broker
     * deletes meanwhile are skipped.
     */
    public static Preloaded preloadIndexes(Path dataDir) {
        Path logDir = logDir(dataDir);
        if (!Files.isDirectory(logDir)) {
            return new Preloaded(0, 0);
        }
        List<Path> indexes;
        try (Stream<Path> files = Files.walk(logDir, 2)) {
            indexes = files.filter(KafkaNode::isIndex).toList();
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot list the index files under " + logDir + ": " + e.getMessage(), e);
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        int files = 0;
        long bytes = 0;
        for (Path index : indexes) {
            try (FileChannel channel = FileChannel.open(index)) {
                for (int n; (n = channel.read(buffer.clear())) > 0; ) {
                    bytes += n;
                }
                files++;
            } catch (NoSuchFileException e) {
                // deleted by the broker since the listing (retention, a deleted topic)
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + index, e);
            }
        }
        return new Preloaded(files, bytes);
    }

    private static boolean isIndex(Path file) {
        String name = file.getFileName().toString();
        return (name.endsWith(".index") || name.endsWith(".timeindex")) && Files.isRegularFile(file);
    }

    /** Starts the broker and returns once an admin client can describe the cluster. */
    public static KafkaNode start(Settings settings) {
        return launch(settings).awaitReady();
    }

    /**
     * Formats the storage if this data dir has never been formatted, then starts the broker without waiting
     * for it (so the caller can record the pid first); {@link #awaitReady()} waits.
     */
    public static KafkaNode launch(Settings settings) {
        return launch(settings, 0);
    }

    /** {@link #launch} at a lower CPU priority ({@code niceness} > 0, see {@link ChildProcess#start}). */
    public static KafkaNode launch(Settings settings, int niceness) {
        Path config = writeConfig(settings);
        if (!Files.exists(logDir(settings.dataDir()).resolve("meta.properties"))) {
            ChildProcess.runToCompletion("kafka storage format", List.of(
                            JavaRuntime.javaExecutable(), "-Xmx256m", "-cp", classpath(settings),
                            STORAGE_TOOL, "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()),
                    settings.dataDir(), settings.logFile(), Duration.ofSeconds(120));
        }
        ChildProcess process = ChildProcess.start(COMPONENT, List.of(
                JavaRuntime.javaExecutable(),
                ChildProcess.COMPONENT_MARKER + COMPONENT,
                "-Xms" + settings.maxHeap(), "-Xmx" + settings.maxHeap(), ChildProcess.PRETOUCH,
                "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
                // C1 only: a broker's work is I/O and copying; C2 spent a third of its CPU in the first minutes
                "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + settings.dataDir().resolve("log4j2.properties"),
                "-cp", classpath(settings),
                MAIN_CLASS, config.toString()), settings.dataDir(), settings.logFile(), settings.detach(), niceness);
        return new KafkaNode(settings, process);
    }

    /** Waits until the broker answers; if it dies or the start timeout passes, stops it and fails with its log tail. */
    public KafkaNode awaitReady() {
        try {
            Poll.until(() -> isReady(bootstrapServers(), Duration.ofSeconds(2)), Deadline.after(settings.startTimeout()),
                    "Kafka on port " + settings.port(), process::isAlive);
        } catch (ReadinessException e) {
            process.stop(Duration.ofSeconds(10));
            throw new ReadinessException(e.getMessage() + "; last lines of " + settings.logFile() + ":\n"
                    + process.logTail(40), e);
        }
        return this;
    }

    private static String classpath(Settings settings) {
        return settings.libDir().toAbsolutePath() + "/*";
    }

    /** True when a broker answers on {@code bootstrapServers} (used for readiness and by {@code allezon status}). */
    public static boolean isReady(String bootstrapServers, Duration timeout) {
        try (Admin admin = admin(bootstrapServers, timeout)) {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    /** Creates each topic (name to partition count) unless it exists; an existing topic keeps its partitions. */
    public static void createTopics(String bootstrapServers, Map<String, Integer> partitionsByTopic) {
        try (Admin admin = admin(bootstrapServers, Duration.ofSeconds(30))) {
            var results = admin.createTopics(partitionsByTopic.entrySet().stream()
                    .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1)).toList()).values();
            for (var result : results.entrySet()) {
                try {
                    result.getValue().get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + result.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + partitionsByTopic.keySet(), e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out creating topics " + partitionsByTopic.keySet(), e);
        }
    }

    /** Creates the topic unless it exists (an existing topic keeps its partition count). */
    public void createTopic(String name, int partitions) {
        createTopics(bootstrapServers(), Map.of(name, partitions));
    }

    private static Admin admin(String bootstrapServers, Duration timeout) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), 1000));
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        return Admin.create(props);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + settings.port();
    }

    public int port() {
        return settings.port();
    }

    public long pid() {
        return process.pid();
    }

    public ChildProcess process() {
        return process;
    }

    public Path logFile() {
        return settings.logFile();
    }

    /** SIGTERM (controlled shutdown), SIGKILL after 30 s. */
    public void stop() {
        process.stop(Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        stop();
    }
}
