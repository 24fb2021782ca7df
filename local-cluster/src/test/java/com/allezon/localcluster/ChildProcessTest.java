package com.allezon.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
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

    /** An exited process that is not reaped yet (a zombie, as a killed node is for a moment) is no running component. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void aZombieIsNotARunningComponent() throws Exception {
        // the shell starts a child that outlives it by a second (a shell reaps a child that ends before it execs),
        // then becomes a sleep that never reaps it
        Process parent = new ProcessBuilder("sh", "-c", "sleep 1 & echo $!; exec sleep 60").start();
        try {
            long zombie = Long.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream())).readLine().trim());
            Poll.until(() -> state(zombie) == 'Z', Deadline.after(Duration.ofSeconds(10)), "the child to exit", parent::isAlive);

            assertThat(ChildProcess.liveness(zombie)).isEqualTo(ChildProcess.Liveness.EXITED);
            assertThat(ChildProcess.attach("kafka", zombie, dir.resolve("kafka.log"))).isEmpty();
            assertThat(ChildProcess.liveness(parent.pid())).isEqualTo(ChildProcess.Liveness.RUNNING);
        } finally {
            parent.destroyForcibly();
        }
    }

    /** The state letter of /proc/PID/stat, or '?' once the process is gone. */
    private static char state(long pid) {
        return ProcStat.fields(pid).map(fields -> fields.get(0).charAt(0)).orElse('?');
    }
}
