package com.allezon.localcluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the server libraries are: {@code servers/kafka-server/target/lib} and
 * {@code servers/cassandra-server/target/lib}, filled by {@code ./mvnw package}. The failsafe configuration
 * passes them as system properties; otherwise they are found by walking up from the working directory.
 */
public final class ServerLibs {

    public static final String KAFKA_LIB_PROPERTY = "allezon.kafka.lib";
    public static final String CASSANDRA_LIB_PROPERTY = "allezon.cassandra.lib";

    private ServerLibs() {
    }

    public static Path kafka() {
        return locate(KAFKA_LIB_PROPERTY, "kafka-server", "kafka_2.13-");
    }

    public static Path cassandra() {
        return locate(CASSANDRA_LIB_PROPERTY, "cassandra-server", "cassandra-all-");
    }

    private static Path locate(String property, String module, String jarPrefix) {
        String configured = System.getProperty(property);
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured).toAbsolutePath();
            if (holds(dir, jarPrefix)) {
                return dir;
            }
            throw new IllegalStateException(property + "=" + configured + " holds no " + jarPrefix + "*.jar; "
                    + "build it with: ./mvnw -pl servers/" + module + " package");
        }
        return findUpwards(Path.of("").toAbsolutePath(), module, jarPrefix)
                .orElseThrow(() -> new IllegalStateException("cannot find servers/" + module + "/target/lib above "
                        + Path.of("").toAbsolutePath() + "; build it with ./mvnw -pl servers/" + module
                        + " package, or set -D" + property + "=<dir>"));
    }

    static Optional<Path> findUpwards(Path start, String module, String jarPrefix) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path lib = dir.resolve("servers").resolve(module).resolve("target").resolve("lib");
            if (holds(lib, jarPrefix)) {
                return Optional.of(lib);
            }
        }
        return Optional.empty();
    }

    private static boolean holds(Path dir, String jarPrefix) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith(jarPrefix));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
