package com.allezon.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    @TempDir
    Path dir;

    /** Kafka's storage format runs on a fresh state dir while Cassandra, started in parallel, may not have made it yet. */
    @Test
    void aToolRunsAlsoWhenItsLogDirectoryDoesNotExistYet() throws Exception {
        Path log = dir.resolve("state/logs/tool.log");

        ChildProcess.runToCompletion("a tool", List.of(JavaRuntime.javaExecutable(), "-version"), dir.resolve("work"),
                log, Duration.ofSeconds(60));

        assertThat(Files.readString(log)).contains("version");
    }

    @Test
    void aToolThatCannotRunSaysWhy() {
        assertThatThrownBy(() -> ChildProcess.runToCompletion("a tool", List.of(dir.resolve("no-such-java").toString()),
                dir, dir.resolve("tool.log"), Duration.ofSeconds(60)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot run a tool")
                .hasMessageContaining("no-such-java");
    }

    @Test
    void aQuietToolSaysWhyItFailedAndNothingWhenItSucceeded() {
        assertThat(ChildProcess.runQuietly(List.of("sh", "-c", "exit 0"), Duration.ofSeconds(10))).isEmpty();
        assertThat(ChildProcess.runQuietly(List.of("sh", "-c", "exit 3"), Duration.ofSeconds(10))).contains("exited with 3");
        assertThat(ChildProcess.runQuietly(List.of(dir.resolve("no-such-tool").toString()), Duration.ofSeconds(10)))
                .hasValueSatisfying(why -> assertThat(why).contains("no-such-tool"));
    }

    @Test
    void aQuietToolThatDoesNotFinishIsStoppedAtItsDeadline() {
        long started = System.nanoTime();
        assertThat(ChildProcess.runQuietly(List.of("sleep", "30"), Duration.ofMillis(300))).contains("did not finish within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }
}
