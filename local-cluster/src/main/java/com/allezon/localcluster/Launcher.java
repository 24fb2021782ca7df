package com.allezon.localcluster;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The local platform behind {@code ./allezon}: real Kafka, real Cassandra and the three services as
 * background JVMs, state under {@code <repo>/.allezon/}. Every port and heap has an option and an
 * environment variable (shown by {@code ./allezon start --help}); {@code stop} and {@code status} must see
 * the same values as the {@code start} they refer to.
 *
 * <p>Run from the repo root with the classpath {@code local-cluster/target/local-cluster-<v>.jar:local-cluster/target/lib/*}
 * and {@code -Dallezon.home=<repo>}; {@code ./allezon} does exactly that.
 */
@Command(name = "allezon", mixinStandardHelpOptions = true,
        description = "Runs the Allezon platform locally: Kafka, Cassandra, profile-, aggregate- and front-service.",
        subcommands = {Launcher.Start.class, Launcher.Stop.class, Launcher.Status.class, Launcher.Logs.class})
public final class Launcher implements Runnable {

    static final String VERSION = "0.1.0-SNAPSHOT";
    static final String FRONT = "front-service";
    static final String PROFILE = "profile-service";
    static final String AGGREGATE = "aggregate-service";
    /** Start order; stop goes backwards (services first, then Cassandra, then Kafka). */
    /** G1's pause goal for front- and profile-service (see {@link PlatformOptions#serviceJvmArgs}). */
    static final int REQUEST_PATH_GC_PAUSE_MILLIS = 30;
    static final List<String> COMPONENTS = List.of(KafkaNode.COMPONENT, CassandraNode.COMPONENT, PROFILE, AGGREGATE, FRONT);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Launcher()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Ports and heaps, shared by every subcommand. */
    static final class PlatformOptions {
        @Option(names = "--kafka-port", defaultValue = "${env:ALLEZON_KAFKA_PORT:-9092}", description = "Kafka client port (env ALLEZON_KAFKA_PORT, default ${DEFAULT-VALUE})")
        int kafkaPort;
        @Option(names = "--kafka-controller-port", defaultValue = "${env:ALLEZON_KAFKA_CONTROLLER_PORT:-9093}", description = "Kafka KRaft controller port (env ALLEZON_KAFKA_CONTROLLER_PORT, default ${DEFAULT-VALUE})")
        int kafkaControllerPort;
        @Option(names = "--cassandra-port", defaultValue = "${env:ALLEZON_CASSANDRA_PORT:-9042}", description = "Cassandra CQL port (env ALLEZON_CASSANDRA_PORT, default ${DEFAULT-VALUE})")
        int cassandraPort;
        @Option(names = "--cassandra-storage-port", defaultValue = "${env:ALLEZON_CASSANDRA_STORAGE_PORT:-7000}", description = "Cassandra storage port (env ALLEZON_CASSANDRA_STORAGE_PORT, default ${DEFAULT-VALUE})")
        int cassandraStoragePort;
        @Option(names = "--front-port", defaultValue = "${env:ALLEZON_FRONT_PORT:-8080}", description = "public HTTP port (env ALLEZON_FRONT_PORT, default ${DEFAULT-VALUE})")
        int frontPort;
        @Option(names = "--front-management-port", defaultValue = "${env:ALLEZON_FRONT_MANAGEMENT_PORT:-9080}", description = "(env ALLEZON_FRONT_MANAGEMENT_PORT, default ${DEFAULT-VALUE})")
        int frontManagementPort;
        @Option(names = "--profile-port", defaultValue = "${env:ALLEZON_PROFILE_PORT:-8081}", description = "(env ALLEZON_PROFILE_PORT, default ${DEFAULT-VALUE})")
        int profilePort;
        @Option(names = "--profile-management-port", defaultValue = "${env:ALLEZON_PROFILE_MANAGEMENT_PORT:-9081}", description = "(env ALLEZON_PROFILE_MANAGEMENT_PORT, default ${DEFAULT-VALUE})")
        int profileManagementPort;
        @Option(names = "--aggregate-port", defaultValue = "${env:ALLEZON_AGGREGATE_PORT:-8082}", description = "(env ALLEZON_AGGREGATE_PORT, default ${DEFAULT-VALUE})")
        int aggregatePort;
        @Option(names = "--aggregate-management-port", defaultValue = "${env:ALLEZON_AGGREGATE_MANAGEMENT_PORT:-9082}", description = "(env ALLEZON_AGGREGATE_MANAGEMENT_PORT, default ${DEFAULT-VALUE})")
        int aggregateManagementPort;
        @Option(names = "--kafka-heap", defaultValue = "${env:ALLEZON_KAFKA_HEAP:-512m}", description = "(env ALLEZON_KAFKA_HEAP, default ${DEFAULT-VALUE})")
        String kafkaHeap;
        @Option(names = "--cassandra-heap", defaultValue = "${env:ALLEZON_CASSANDRA_HEAP:-2g}", description = "(env ALLEZON_CASSANDRA_HEAP, default ${DEFAULT-VALUE})")
        String cassandraHeap;
        @Option(names = "--service-heap", defaultValue = "${env:ALLEZON_SERVICE_HEAP:-512m}", description = "heap of each service (env ALLEZON_SERVICE_HEAP, default ${DEFAULT-VALUE})")
        String serviceHeap;
        /*
         * aggregate-service keeps the last minutes of counters in memory (its grace, 5 min: ~300 MB live at
         * 1000 tags/s); at 512m with 15 min, G1 took about a third of its CPU. 5 min runs at 1000 tags/s with
         * 1g: ~200 young collections and 32.5 s of pauses, 35 % of a core of which G1's threads 11 %; with
         * 2g: 130 and 21.8 s, 31 % of which 7 %.
         */
        @Option(names = "--aggregate-heap", defaultValue = "${env:ALLEZON_AGGREGATE_HEAP:-2g}", description = "heap of aggregate-service (env ALLEZON_AGGREGATE_HEAP, default ${DEFAULT-VALUE})")
        String aggregateHeap;
        /*
         * Two event loop threads per service (Reactor Netty's default is at least 4) for two cores. The JIT
         * stays tiered: C1-only services handled more of a fresh 2 min run (886 requests/s against 720) but
         * cost ~1.7 times the CPU per tag once warm (front 477 against 235-329 us per tag); the 5 min acceptance
         * run handled 1,089 requests/s with C2 (910 with C1, measured before the batching changes).
         */
        @Option(names = "--service-jvm-options", defaultValue = "${env:ALLEZON_SERVICE_JVM_OPTIONS:--XX:+UseG1GC -Dreactor.netty.ioWorkerCount=2}",
                description = "JVM options of each service, space-separated (env ALLEZON_SERVICE_JVM_OPTIONS, default ${DEFAULT-VALUE})")
        String serviceJvmOptions;
        /*
         * aggregate-service runs at a lower CPU priority: its stream work can lag by tens of seconds within
         * its 60 s budget, and under contention it would otherwise take an equal share from the request path.
         * A fresh 2 min run at 1000 tags/s: 53 % of tags within 200 ms at 10 against 0 % at 0 (the backlog of
         * the first, compiling seconds drained in ~55 s instead of never).
         */
        @Option(names = "--background-nice", defaultValue = "${env:ALLEZON_BACKGROUND_NICE:-10}",
                description = "nice value (0-19) of aggregate-service, the component whose work can wait (env ALLEZON_BACKGROUND_NICE, default ${DEFAULT-VALUE})")
        int backgroundNice;
        /*
         * Cassandra and profile-service below the tag path (front-service and Kafka stay at 0): in the first
         * seconds after a start every JVM compiles, and with equal shares the cold front answered ~250 of
         * 1,000 tags/s, so a backlog built up that took 70-110 s to drain (four 5 min runs: tags within 200 ms
         * 60-86 %). At 4 (two runs): the backlog drained 17-45 s into the run, tags 95.1 / 93.5 %; profile
         * answers were late or 504 for the first 60-90 s instead (profiles 81.7 / 73.7 %), then on time. With
         * every service rehearsed, 2 is enough (three runs: tags 99.85 / 99.85 / 99.61 %, profiles 99.74 /
         * 99.61 / 98.80 %, against 96.4-99.2 % at 4): at 4, a young collection of Cassandra's that needed 0.15 s
         * of CPU stopped it for 0.93 s while the tag path held the cores, and every profile query waited.
         */
        @Option(names = "--store-nice", defaultValue = "${env:ALLEZON_STORE_NICE:-2}",
                description = "nice value (0-19) of Cassandra and profile-service, below the tag path (front-service, Kafka) and above aggregate-service (env ALLEZON_STORE_NICE, default ${DEFAULT-VALUE})")
        int storeNice;
        /*
         * The tag path (front-service, Kafka) itself below a process started normally: the testing platform run
         * on this machine measures latencies from each request's due time, so its own stalls (a young collection
         * stretched while the platform's threads held both cores) counted against the platform.
         */
        @Option(names = "--tag-path-nice", defaultValue = "${env:ALLEZON_TAG_PATH_NICE:-0}",
                description = "nice value (0-19) of front-service and Kafka (env ALLEZON_TAG_PATH_NICE, default ${DEFAULT-VALUE})")
        int tagPathNice;
        /*
         * Every component's JIT compiler threads, once all are up and warmed, below its own request threads: a
         * fresh run's first second still meets a burst of recompiles in every JVM at once (the real traffic's
         * profiles differ from the rehearsals'), ~0.75 of the two cores for the compilers in one measured run.
         * Off by default: at 19, twelve fresh runs (seven of 1 min, five of 5 min) lost tags in the schedule's
         * first seconds in four (112-358 each), about as often and as many as runs without it.
         */
        @Option(names = "--compiler-nice", defaultValue = "${env:ALLEZON_COMPILER_NICE:-0}",
                description = "nice value (0-19) of every component's JIT compiler threads once all are up; 0 leaves them (env ALLEZON_COMPILER_NICE, default ${DEFAULT-VALUE})")
        int compilerNice;
        @Option(names = "--timeout", defaultValue = "${env:ALLEZON_START_TIMEOUT_SECONDS:-240}", description = "seconds to wait for each component (env ALLEZON_START_TIMEOUT_SECONDS, default ${DEFAULT-VALUE})")
        int timeoutSeconds;

        /** The nice value a component runs at (0: the tag path). */
        int niceness(String component) {
            return switch (component) {
                case AGGREGATE -> backgroundNice;
                case PROFILE, CassandraNode.COMPONENT -> storeNice;
                default -> tagPathNice;
            };
        }

        /**
         * The heap committed and touched at start ({@code -Xms} = {@code -Xmx}, {@link ChildProcess#PRETOUCH}); the
         * request-path services with a short pause goal, as G1's default (200 ms) let the front's young collection
         * grow a 129 MB eden and take 99 ms at the start of a run. aggregate-service keeps G1's default goal (a
         * shorter one was not measured): it is off the request path, and its young collections copy its counters.
         */
        List<String> serviceJvmArgs(String service) {
            String heap = service.equals(AGGREGATE) ? aggregateHeap : serviceHeap;
            List<String> args = new ArrayList<>(List.of("-Xms" + heap, "-Xmx" + heap, ChildProcess.PRETOUCH));
            if (!service.equals(AGGREGATE)) {
                args.add("-XX:MaxGCPauseMillis=" + REQUEST_PATH_GC_PAUSE_MILLIS);
            }
            for (String option : serviceJvmOptions.trim().split("\\s+")) {
                if (!option.isEmpty()) {
                    args.add(option);
                }
            }
            return args;
        }

        PlatformLayout layout() {
            return new PlatformLayout(Path.of(System.getProperty("allezon.home", ".")));
        }

        /** Every port of each component, with the option that moves it. */
        Map<String, Map<Integer, String>> ports() {
            Map<String, Map<Integer, String>> ports = new LinkedHashMap<>();
            ports.put(KafkaNode.COMPONENT, ordered(kafkaPort, "ALLEZON_KAFKA_PORT", kafkaControllerPort, "ALLEZON_KAFKA_CONTROLLER_PORT"));
            ports.put(CassandraNode.COMPONENT, ordered(cassandraPort, "ALLEZON_CASSANDRA_PORT", cassandraStoragePort, "ALLEZON_CASSANDRA_STORAGE_PORT"));
            ports.put(PROFILE, ordered(profilePort, "ALLEZON_PROFILE_PORT", profileManagementPort, "ALLEZON_PROFILE_MANAGEMENT_PORT"));
            ports.put(AGGREGATE, ordered(aggregatePort, "ALLEZON_AGGREGATE_PORT", aggregateManagementPort, "ALLEZON_AGGREGATE_MANAGEMENT_PORT"));
            ports.put(FRONT, ordered(frontPort, "ALLEZON_FRONT_PORT", frontManagementPort, "ALLEZON_FRONT_MANAGEMENT_PORT"));
            return ports;
        }

        private static Map<Integer, String> ordered(int port, String env, int secondPort, String secondEnv) {
            Map<Integer, String> map = new LinkedHashMap<>();
            map.put(port, env);
            map.put(secondPort, secondEnv);
            return map;
        }

        int mainPort(String component) {
            return ports().get(component).keySet().iterator().next();
        }

        int managementPort(String component) {
            return switch (component) {
                case FRONT -> frontManagementPort;
                case PROFILE -> profileManagementPort;
                case AGGREGATE -> aggregateManagementPort;
                default -> throw new IllegalArgumentException(component + " is no service");
            };
        }

        String kafkaBootstrap() {
            return "127.0.0.1:" + kafkaPort;
        }

        String cassandraContactPoint() {
            return "127.0.0.1:" + cassandraPort;
        }

        List<String> serviceArgs(String service) {
            List<String> args = new ArrayList<>(List.of(
                    "--server.port=" + mainPort(service),
                    "--management.server.port=" + managementPort(service),
                    "--spring.kafka.bootstrap-servers=" + kafkaBootstrap(),
                    "--spring.cassandra.contact-points=" + cassandraContactPoint(),
                    "--spring.cassandra.local-datacenter=" + CassandraNode.DATACENTER));
            if (service.equals(FRONT)) {
                args.add("--allezon.front.profile-service-url=http://127.0.0.1:" + profilePort);
                args.add("--allezon.front.aggregate-service-url=http://127.0.0.1:" + aggregatePort);
                // one machine: the network is free and the CPU is not; compressed batches cost the front, the
                // broker and both consumer groups CPU for every tag
                args.add("--spring.kafka.producer.properties.compression.type=none");
            }
            if (service.equals(AGGREGATE)) {
                // Kafka Streams state lives with the rest of the platform's data, not in a temp dir
                args.add("--allezon.aggregate.state-dir=" + layout().dataDir(AGGREGATE).toAbsolutePath());
            }
            return args;
        }

        boolean healthy(String component) {
            return switch (component) {
                case KafkaNode.COMPONENT -> KafkaNode.isReady(kafkaBootstrap(), Duration.ofSeconds(3));
                case CassandraNode.COMPONENT -> CassandraNode.isReady(cassandraContactPoint(), Duration.ofSeconds(5));
                default -> ServiceProcess.isReady(managementPort(component));
            };
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Starts whatever is not running yet and waits until everything is healthy. Data under .allezon/ is kept between runs.")
    static final class Start implements Callable<Integer> {
        /** How long a full collection of Kafka or Cassandra may take after start-up. */
        private static final Duration GARBAGE_PATIENCE = Duration.ofSeconds(30);
        @Mixin
        PlatformOptions options;

        @Override
        public Integer call() {
            long started = System.nanoTime();
            PrintWriter out = new PrintWriter(System.out, true);
            if (JavaRuntime.featureVersion() != 17) {
                System.err.println("allezon needs JDK 17 (Cassandra 5.0 does not run on newer JDKs), but this is JDK "
                        + JavaRuntime.featureVersion() + " at " + System.getProperty("java.home")
                        + ". Set JAVA_HOME to a JDK 17.");
                return 2;
            }
            PlatformLayout layout = options.layout();
            List<String> problems = preflight(layout);
            if (!problems.isEmpty()) {
                problems.forEach(System.err::println);
                return 2;
            }
            Duration timeout = Duration.ofSeconds(options.timeoutSeconds);
            CompletableFuture<Void> cassandra = CompletableFuture.runAsync(() -> startCassandra(layout, timeout, out));
            try {
                startKafka(layout, timeout, out);
                join(cassandra);
                startServices(layout, timeout, out);
                preloadKafkaIndexes(layout, out);
                collectStartupGarbage(layout, out);
                lowerCompilers(layout, options.compilerNice, out);
            } catch (RuntimeException e) {
                // let a Cassandra start in flight finish (and record its pid) before this JVM exits
                cassandra.exceptionally(ignored -> null).join();
                System.err.println("start failed: " + e.getMessage());
                System.err.println("components already started keep running; see ./allezon status, ./allezon logs, ./allezon stop");
                return 1;
            }
            out.println();
            printTable(out, layout, options, false);
            out.printf("%nall up in %.1f s; public endpoint http://127.0.0.1:%d%n",
                    (System.nanoTime() - started) / 1e9, options.frontPort);
            return 0;
        }

        /**
         * Once every topic exists (the services create theirs), reads Kafka's index files into the page cache, so that
         * the first appends of real traffic do not fault them in: see {@link KafkaNode#preloadIndexes}. Best effort:
         * start-up never fails on it.
         */
        private static void preloadKafkaIndexes(PlatformLayout layout, PrintWriter out) {
            long t = System.nanoTime();
            try {
                KafkaNode.Preloaded preloaded = KafkaNode.preloadIndexes(layout.dataDir(KafkaNode.COMPONENT));
                out.printf("kafka      %d index files (%d MiB) read into the page cache in %.1f s%n", preloaded.files(),
                        preloaded.bytes() >> 20, (System.nanoTime() - t) / 1e9);
            } catch (RuntimeException e) {
                out.println("kafka      index files not read ahead: " + e.getMessage());
            }
        }

        /**
         * Asks Kafka and Cassandra for a full collection once everything is up: start-up and the services'
         * rehearsals leave their young generations full (Cassandra: ~700 MB, with the rehearsals' memtables in
         * it), and the first young collection under real load then copies whatever of it still lives (measured:
         * a 221 ms Cassandra pause 6 s into a run; 54 ms after this). The services collect their own before they
         * report ready. Best effort: start-up never fails on it.
         */
        private static void collectStartupGarbage(PlatformLayout layout, PrintWriter out) {
            Path jcmd = JavaRuntime.jcmdExecutable();
            if (!Files.isExecutable(jcmd)) {
                return;
            }
            for (String component : List.of(KafkaNode.COMPONENT, CassandraNode.COMPONENT)) {
                layout.running(component).ifPresent(process -> ChildProcess.runQuietly(
                                List.of(jcmd.toString(), Long.toString(process.pid()), "GC.run"), GARBAGE_PATIENCE)
                        .ifPresent(why -> out.println(component + ": start-up garbage not collected: " + why)));
            }
        }

        /**
         * Once everything is up (the rehearsals compiled at full priority, as the JIT settling is what they wait
         * for), every component's JIT compiler threads at {@code niceness}, see {@link CpuPriority#lowerCompilerThreads}.
         * Best effort: start-up never fails on it.
         */
        private static void lowerCompilers(PlatformLayout layout, int niceness, PrintWriter out) {
            if (niceness <= 0) {
                return;
            }
            List<String> lowered = new ArrayList<>();
            for (String component : COMPONENTS) {
                layout.running(component).ifPresent(process -> {
                    int threads = CpuPriority.lowerCompilerThreads(process.pid(), niceness);
                    if (threads > 0) {
                        lowered.add(component + " " + threads);
                    }
                });
            }
            out.println(lowered.isEmpty() ? "JIT compiler threads not lowered (no renice, /proc or compiler thread, or renice failed)"
                    : "JIT compiler threads at nice " + niceness + ": " + String.join(", ", lowered));
        }

        /** Java, jars and ports of what is about to start; every problem at once, before starting anything. */
        private List<String> preflight(PlatformLayout layout) {
            List<String> problems = new ArrayList<>();
            for (var entry : options.ports().entrySet()) {
                String component = entry.getKey();
                if (layout.running(component).isPresent()) {
                    continue;
                }
                entry.getValue().forEach((port, env) -> {
                    if (!Ports.isFree(port)) {
                        problems.add("port " + port + " (" + component + ") is in use by another program; free it, or choose another port: "
                                + env + "=<port> ./allezon start (and the same variable for stop/status)");
                    }
                });
                if (!component.equals(KafkaNode.COMPONENT) && !component.equals(CassandraNode.COMPONENT)
                        && !Files.isRegularFile(layout.serviceJar(component, VERSION))) {
                    problems.add(component + ": " + layout.serviceJar(component, VERSION) + " is missing; build it with "
                            + "./mvnw -B -DskipTests install -pl " + component + " -am");
                }
            }
            try {
                CassandraNode.heapMebibytes(options.cassandraHeap);
            } catch (IllegalArgumentException e) {
                problems.add("--cassandra-heap (ALLEZON_CASSANDRA_HEAP): " + e.getMessage());
            }
            return problems;
        }

        private void startKafka(PlatformLayout layout, Duration timeout, PrintWriter out) {
            String name = KafkaNode.COMPONENT;
            if (layout.running(name).isEmpty()) {
                long t = System.nanoTime();
                KafkaNode node = KafkaNode.launch(new KafkaNode.Settings(ServerLibs.kafka(), layout.dataDir(name),
                        layout.logFile(name), options.kafkaPort, options.kafkaControllerPort, options.kafkaHeap, true, timeout),
                        options.niceness(name));
                layout.writePid(name, node.pid());
                node.awaitReady();
                out.printf("kafka      ready in %.1f s%n", (System.nanoTime() - t) / 1e9);
            } else {
                out.println("kafka      already running");
            }
            // also proves a node found running is healthy
            KafkaNode.createTopics(options.kafkaBootstrap(),
                    Map.of(TestCluster.TOPIC, TestCluster.TOPIC_PARTITIONS, TestCluster.DEAD_LETTER_TOPIC, 1));
        }

        private void startCassandra(PlatformLayout layout, Duration timeout, PrintWriter out) {
            String name = CassandraNode.COMPONENT;
            if (layout.running(name).isEmpty()) {
                long t = System.nanoTime();
                CassandraNode node = CassandraNode.launch(new CassandraNode.Settings(ServerLibs.cassandra(),
                        layout.dataDir(name), layout.logFile(name), options.cassandraPort, options.cassandraStoragePort,
                        options.cassandraHeap, true, timeout), options.niceness(name));
                layout.writePid(name, node.pid());
                node.awaitReady();
                out.printf("cassandra  ready in %.1f s%n", (System.nanoTime() - t) / 1e9);
            } else {
                out.println("cassandra  already running");
            }
            // also proves a node found running is healthy
            CassandraNode.createKeyspace(options.cassandraContactPoint(), TestCluster.KEYSPACE, 1);
        }

        /**
         * profile- and aggregate-service first, then front-service once they are ready: the front rehearses its
         * forwarding path through them, and each service's rehearsal would otherwise compete with the others'
         * for the two cores (measured: the front's forwarded rehearsal queries met a profile-service busy with
         * its own rehearsal and mostly got 504, and profile-service's own warm-up got no answer in 20 s).
         */
        private void startServices(PlatformLayout layout, Duration timeout, PrintWriter out) {
            long t = System.nanoTime();
            startAll(List.of(PROFILE, AGGREGATE), layout, timeout, out, t);
            startAll(List.of(FRONT), layout, timeout, out, t);
        }

        /** Starts the services side by side (those not running yet) and waits until each is ready. */
        private void startAll(List<String> services, PlatformLayout layout, Duration timeout, PrintWriter out, long t) {
            List<ServiceProcess> launched = new ArrayList<>();
            for (String service : services) {
                if (layout.running(service).isPresent()) {
                    awaitHealthy(service, layout, timeout);
                    out.printf("%-18s already running%n", service);
                    continue;
                }
                ServiceProcess process = ServiceProcess.launch(service, layout.serviceJar(service, VERSION),
                        options.serviceJvmArgs(service), options.serviceArgs(service),
                        options.managementPort(service), layout.logFile(service), true,
                        options.niceness(service));
                layout.writePid(service, process.pid());
                launched.add(process);
            }
            List<String> failures = new ArrayList<>();
            for (ServiceProcess process : launched) {
                try {
                    process.awaitReady(timeout);
                    out.printf("%-18s ready after %.1f s%n", process.name(), (System.nanoTime() - t) / 1e9);
                } catch (ReadinessException e) {
                    System.err.println(e.getMessage());
                    failures.add(process.name());
                }
            }
            if (!failures.isEmpty()) {
                throw new ReadinessException("not ready: " + String.join(", ", failures) + " (full logs: ./allezon logs <component>)");
            }
        }

        /** A component found running (perhaps still booting from an earlier, interrupted start) must also be healthy. */
        private void awaitHealthy(String component, PlatformLayout layout, Duration timeout) {
            Poll.until(() -> options.healthy(component), Deadline.after(timeout), component + " to be healthy",
                    () -> layout.running(component).isPresent());
        }

        private static void join(CompletableFuture<Void> future) {
            try {
                future.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
            }
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stops every component by pid (services, then Cassandra, then Kafka), SIGTERM then SIGKILL; data stays.")
    static final class Stop implements Callable<Integer> {
        @Mixin
        PlatformOptions options;

        @Override
        public Integer call() {
            PlatformLayout layout = options.layout();
            // the services do not depend on each other: stop them side by side, then Cassandra, then Kafka
            CompletableFuture.allOf(CompletableFuture.runAsync(() -> stop(layout, FRONT)),
                    CompletableFuture.runAsync(() -> stop(layout, AGGREGATE)),
                    CompletableFuture.runAsync(() -> stop(layout, PROFILE))).join();
            stop(layout, CassandraNode.COMPONENT);
            stop(layout, KafkaNode.COMPONENT);
            int busy = 0;
            for (var entry : options.ports().entrySet()) {
                for (int port : entry.getValue().keySet()) {
                    if (!Ports.awaitFree(port, Duration.ofSeconds(10))) {
                        System.err.println("port " + port + " (" + entry.getKey() + ") is still in use, by a process not started by ./allezon");
                        busy++;
                    }
                }
            }
            return busy == 0 ? 0 : 1;
        }

        private static void stop(PlatformLayout layout, String component) {
            Optional<ChildProcess> process = layout.running(component);
            if (process.isPresent()) {
                long t = System.nanoTime();
                process.get().stop(component.equals(CassandraNode.COMPONENT) ? Duration.ofSeconds(60) : Duration.ofSeconds(30));
                System.out.printf("%-18s stopped (pid %d) in %.1f s%n", component, process.get().pid(), (System.nanoTime() - t) / 1e9);
            } else {
                System.out.printf("%-18s not running%n", component);
            }
            layout.deletePid(component);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Shows each component: running or stopped, and healthy or not.")
    static final class Status implements Callable<Integer> {
        @Mixin
        PlatformOptions options;

        @Override
        public Integer call() {
            PrintWriter out = new PrintWriter(System.out, true);
            boolean allHealthy = printTable(out, options.layout(), options, true);
            return allHealthy ? 0 : 3;
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true, description = "Shows the end of each component's log, or of one.")
    static final class Logs implements Callable<Integer> {
        @Mixin
        PlatformOptions options;

        @Parameters(arity = "0..1", paramLabel = "COMPONENT", description = "one of: kafka, cassandra, profile-service, aggregate-service, front-service")
        String component;

        @Option(names = {"-n", "--lines"}, defaultValue = "40", description = "lines per log (default ${DEFAULT-VALUE})")
        int lines;

        @Override
        public Integer call() {
            PlatformLayout layout = options.layout();
            if (component != null && !COMPONENTS.contains(component)) {
                System.err.println("unknown component " + component + "; one of " + COMPONENTS);
                return 2;
            }
            for (String name : component == null ? COMPONENTS : List.of(component)) {
                Path log = layout.logFile(name);
                System.out.println("==> " + log + " <==");
                System.out.println(Files.exists(log) ? ChildProcess.tail(log, lines) : "(no log yet)");
                System.out.println();
            }
            return 0;
        }
    }

    /** Prints component, state, pid, ports, log; returns whether every component runs (and, if checked, is healthy). */
    static boolean printTable(PrintWriter out, PlatformLayout layout, PlatformOptions options, boolean checkHealth) {
        String format = "%-18s %-9s %-8s %-12s %s%n";
        out.printf(format, "COMPONENT", "STATE", "PID", "PORTS", "LOG");
        boolean ok = true;
        for (String component : COMPONENTS) {
            Optional<ChildProcess> process = layout.running(component);
            String state;
            if (process.isEmpty()) {
                state = "stopped";
                ok = false;
            } else if (checkHealth) {
                boolean healthy = options.healthy(component);
                state = healthy ? "healthy" : "unhealthy";
                ok &= healthy;
            } else {
                state = "running";
            }
            String ports = String.join(",", options.ports().get(component).keySet().stream().map(String::valueOf).toList());
            out.printf(format, component, state, process.map(p -> String.valueOf(p.pid())).orElse("-"), ports,
                    layout.home().relativize(layout.logFile(component)));
        }
        return ok;
    }
}
