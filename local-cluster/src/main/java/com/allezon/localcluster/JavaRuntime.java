package com.allezon.localcluster;

import java.nio.file.Path;

/** The {@code java} that runs the child JVMs: the one running this code, so one JDK 17 runs everything. */
public final class JavaRuntime {

    private JavaRuntime() {
    }

    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The JDK's {@code jcmd} next to that {@code java}; absent in a JRE. */
    public static Path jcmdExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd");
    }

    public static int featureVersion() {
        return Runtime.version().feature();
    }

    /** Cassandra 5.0 runs on JDK 11 and 17 only (it fails on newer ones). */
    public static void requireCassandraCompatible() {
        int version = featureVersion();
        if (version != 17 && version != 11) {
            throw new IllegalStateException("Cassandra 5.0 needs JDK 17 (or 11), but this is JDK " + version + " at "
                    + System.getProperty("java.home") + ". Point JAVA_HOME (or PATH) at a JDK 17.");
        }
    }
}
