package com.allezon.localcluster;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;

/**
 * A real single-node Cassandra 5.0 started from the libraries of {@code servers/cassandra-server}, data
 * in a directory that survives {@link #stop()} (SIGTERM drains memtables, so a restart finds every write).
 */
public final class CassandraNode implements AutoCloseable {

    public static final String COMPONENT = "cassandra";
    /** What {@code SimpleSnitch} calls the only data centre. */
    public static final String DATACENTER = "datacenter1";
    private static final String MAIN_CLASS = "org.apache.cassandra.service.CassandraDaemon";

    /** The module flags of Cassandra's own {@code jvm17-server.options}. */
    private static final List<String> JDK17_MODULE_FLAGS = List.of(
            "-Djdk.attach.allowAttachSelf=true",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.io=ALL-UNNAMED",
            "--add-opens", "java.base/java.nio=ALL-UNNAMED",
            "--add-opens", "java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED",
            "--add-opens", "java.base/java.net=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED");

    /**
     * How to run the node.
     *
     * @param libDir      Cassandra's jars ({@code servers/cassandra-server/target/lib})
     * @param dataDir     config, data, commit log; reused across restarts
     * @param logFile     where the JVM's output goes
     * @param nativePort  the CQL port clients use
     * @param storagePort the inter-node port (bound even on a single node)
     * @param maxHeap     e.g. {@code 1g}
     * @param detach      run in its own session so it outlives this JVM (the launcher); false for tests
     */
    public record Settings(Path libDir, Path dataDir, Path logFile, int nativePort, int storagePort, String maxHeap,
                           boolean detach, Duration startTimeout) {

        public Settings {
            dataDir = dataDir.toAbsolutePath();
            logFile = logFile.toAbsolutePath();
        }
    }

    private final Settings settings;
    private final ChildProcess process;

    private CassandraNode(Settings settings, ChildProcess process) {
        this.settings = settings;
        this.process = process;
    }

    /** Renders {@code cassandra.yaml} (and the logging config) into {@code <dataDir>/conf}. */
    static Path writeConfig(Settings settings) {
        Path conf = settings.dataDir().resolve("conf");
        ConfigTemplate.load("cassandra-logback.xml").renderTo(conf.resolve("logback.xml"), Map.of());
        long heapMiB = heapMebibytes(settings.maxHeap());
        return ConfigTemplate.load("cassandra.yaml").renderTo(conf.resolve("cassandra.yaml"), Map.of(
                "dataDir", settings.dataDir(),
                "nativePort", settings.nativePort(),
                "storagePort", settings.storagePort(),
                "memtableHeapSpace", heapMiB / 2 + "MiB",
                "memtableOffheapSpace", heapMiB + "MiB"));
    }

    /** A number with an optional unit, as {@code -Xmx} takes it. */
    private static final Pattern HEAP_SIZE = Pattern.compile("(\\d{1,12})([kKmMgGtT]?)");

    /**
     * A heap size written the way {@code -Xmx} takes it ({@code 2g}, {@code 512m}, {@code 1048576k}, or bytes),
     * in MiB, rounded down.
     *
     * @throws IllegalArgumentException when it is not such a size, or below 1 MiB
     */
    static long heapMebibytes(String size) {
        var matcher = HEAP_SIZE.matcher(size);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a heap size: '" + size + "' (e.g. 2g or 512m)");
        }
        long number = Long.parseLong(matcher.group(1));
        long mebibytes = switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
            case "" -> number >> 20;
            case "k" -> number >> 10;
            case "m" -> number;
            case "g" -> number << 10;
            default -> number << 20;
        };
        if (mebibytes < 1) {
            throw new IllegalArgumentException("heap size below 1 MiB: '" + size + "'");
        }
        return mebibytes;
    }

    /** G1's pause goal: a smaller young generation, collected more often and in shorter pauses. */
    static final int MAX_GC_PAUSE_MILLIS = 50;

    static List<String> command(Settings settings, Path config) {
        List<String> command = new ArrayList<>();
        command.add(JavaRuntime.javaExecutable());
        command.add(ChildProcess.COMPONENT_MARKER + COMPONENT);
        command.add("-Xms" + settings.maxHeap());
        command.add("-Xmx" + settings.maxHeap());
        command.add(ChildProcess.PRETOUCH);
        command.add("-Xss256k");
        command.add("-XX:+UseG1GC");
        // 300 ms (Cassandra's own default) let young collections of a 1 GB heap take 270-500 ms, and every
        // request waited for them: the profile queries' 200 ms budget was lost with each one
        command.add("-XX:MaxGCPauseMillis=" + MAX_GC_PAUSE_MILLIS);
        command.addAll(JDK17_MODULE_FLAGS);
        command.add("-Dcassandra.config=" + config.toUri());
        command.add("-Dcassandra.storagedir=" + settings.dataDir());
        command.add("-Dcassandra.logdir=" + settings.logFile().getParent());
        command.add("-Dlogback.configurationFile=" + config.getParent().resolve("logback.xml"));
        // keep stdout open (it is our log file) and skip the waits that matter only in a multi-node ring
        command.add("-Dcassandra-foreground=yes");
        command.add("-Dcassandra.skip_wait_for_gossip_to_settle=0");
        command.add("-Dcassandra.ring_delay_ms=1000");
        command.add("-Dcassandra.superuser_setup_delay_ms=0");
        command.add("-cp");
        command.add(settings.libDir().toAbsolutePath() + "/*");
        command.add(MAIN_CLASS);
        return command;
    }

    /** Starts the node and returns once {@code SELECT release_version FROM system.local} answers over CQL. */
    public static CassandraNode start(Settings settings) {
        return launch(settings).awaitReady();
    }

    /** Starts the node without waiting for it (so the caller can record the pid first); {@link #awaitReady()} waits. */
    public static CassandraNode launch(Settings settings) {
        return launch(settings, 0);
    }

    /** {@link #launch} at a lower CPU priority ({@code niceness} > 0, see {@link ChildProcess#start}). */
    public static CassandraNode launch(Settings settings, int niceness) {
        JavaRuntime.requireCassandraCompatible();
        Path config = writeConfig(settings);
        ChildProcess process = ChildProcess.start(COMPONENT, command(settings, config), settings.dataDir(),
                settings.logFile(), settings.detach(), niceness);
        return new CassandraNode(settings, process);
    }

    /** Waits until CQL answers; if the node dies or the start timeout passes, stops it and fails with its log tail. */
    public CassandraNode awaitReady() {
        try {
            Poll.until(() -> Ports.accepts(settings.nativePort(), Duration.ofSeconds(1))
                            && isReady(contactPoint(), Duration.ofSeconds(10)),
                    Deadline.after(settings.startTimeout()), "Cassandra on port " + settings.nativePort(), process::isAlive);
        } catch (ReadinessException e) {
            process.stop(Duration.ofSeconds(10));
            throw new ReadinessException(e.getMessage() + "; last lines of " + settings.logFile() + ":\n"
                    + process.logTail(40), e);
        }
        return this;
    }

    /** True when a CQL session to {@code contactPoint} ("host:port") can read {@code system.local}. */
    public static boolean isReady(String contactPoint, Duration timeout) {
        try (CqlSession session = session(contactPoint, timeout)) {
            return session.execute("SELECT release_version FROM system.local").one() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Creates the keyspace (NetworkTopologyStrategy, as the services do) unless it exists. */
    public static void createKeyspace(String contactPoint, String keyspace, int replicationFactor) {
        try (CqlSession session = session(contactPoint, Duration.ofSeconds(30))) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + keyspace
                    + " WITH replication = {'class': 'NetworkTopologyStrategy', 'replication_factor': " + replicationFactor + "}");
        }
    }

    public void createKeyspace(String keyspace, int replicationFactor) {
        createKeyspace(contactPoint(), keyspace, replicationFactor);
    }

    /** A session on this node; the caller closes it. */
    public CqlSession openSession() {
        return session(contactPoint(), Duration.ofSeconds(30));
    }

    private static CqlSession session(String contactPoint, Duration timeout) {
        int colon = contactPoint.lastIndexOf(':');
        InetSocketAddress address = new InetSocketAddress(contactPoint.substring(0, colon),
                Integer.parseInt(contactPoint.substring(colon + 1)));
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, timeout)
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, timeout)
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, timeout)
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, timeout)
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, timeout)
                .build();
        return CqlSession.builder()
                .addContactPoint(address)
                .withLocalDatacenter(DATACENTER)
                .withConfigLoader(config)
                .build();
    }

    /** "127.0.0.1:port", the form of {@code spring.cassandra.contact-points}. */
    public String contactPoint() {
        return "127.0.0.1:" + settings.nativePort();
    }

    public String datacenter() {
        return DATACENTER;
    }

    public int nativePort() {
        return settings.nativePort();
    }

    public int storagePort() {
        return settings.storagePort();
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

    /** SIGTERM (Cassandra drains on it), SIGKILL after 60 s. */
    public void stop() {
        process.stop(Duration.ofSeconds(60));
    }

    @Override
    public void close() {
        stop();
    }
}
