package com.allezon.localcluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformLayoutTest {

    @TempDir
    Path home;

    @Test
    void keepsEverythingUnderDotAllezon() {
        PlatformLayout layout = new PlatformLayout(home);
        assertThat(layout.dataDir("kafka")).isEqualTo(home.resolve(".allezon/data/kafka"));
        assertThat(layout.logFile("cassandra")).isEqualTo(home.resolve(".allezon/logs/cassandra.log"));
        assertThat(layout.pidFile("front-service")).isEqualTo(home.resolve(".allezon/run/front-service.pid"));
        assertThat(layout.serviceJar("front-service", "1.0"))
                .isEqualTo(home.resolve("front-service/target/front-service-1.0-exec.jar"));
    }

    @Test
    void pidFileRoundTripsAndAStalePidIsNotRunning() {
        PlatformLayout layout = new PlatformLayout(home);
        assertThat(layout.readPid("kafka")).isEmpty();
        layout.writePid("kafka", 4242);
        assertThat(layout.readPid("kafka")).contains(4242L);
        // our own pid is alive but is not a process started as "kafka"
        layout.writePid("kafka", ProcessHandle.current().pid());
        assertThat(layout.running("kafka")).isEmpty();
        layout.deletePid("kafka");
        assertThat(layout.pidFile("kafka")).doesNotExist();
    }

    @Test
    void aChildProcessIsRecognisedByItsComponentMarkerAndStopped() throws Exception {
        PlatformLayout layout = new PlatformLayout(home);
        Path log = layout.logFile("sleeper");
        ChildProcess child = ChildProcess.start("sleeper", List.of(JavaRuntime.javaExecutable(),
                ChildProcess.COMPONENT_MARKER + "sleeper", "-cp", System.getProperty("java.class.path"),
                Sleeper.class.getName()), home, log, true);
        try {
            layout.writePid("sleeper", child.pid());
            assertThat(layout.running("sleeper")).map(ChildProcess::pid).contains(child.pid());
            assertThat(layout.running("other")).isEmpty();
        } finally {
            child.stop(Duration.ofSeconds(10));
        }
        assertThat(child.isAlive()).isFalse();
        assertThat(layout.running("sleeper")).isEmpty();
        assertThat(Files.exists(log)).isTrue();
    }

    /** Runs until killed. */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("sleeping");
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
