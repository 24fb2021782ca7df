package com.allezon.localcluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrphanGuardTest {

    @TempDir
    Path dir;

    @Test
    void anAttachedChildDiesWhenItsParentJvmIsKilled() throws Exception {
        Process parent = new ProcessBuilder(List.of(JavaRuntime.javaExecutable(), "-cp", System.getProperty("java.class.path"),
                Parent.class.getName(), dir.toString()))
                .redirectErrorStream(true)
                .start();
        long childPid;
        try (var reader = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            childPid = Long.parseLong(reader.readLine().trim());
            Optional<ProcessHandle> child = ProcessHandle.of(childPid);
            assertThat(child).isPresent();
            assertThat(child.get().isAlive()).isTrue();

            parent.destroyForcibly(); // SIGKILL: no shutdown hooks run
            parent.waitFor();

            Deadline deadline = Deadline.after(Duration.ofSeconds(20));
            while (child.get().isAlive() && !deadline.expired()) {
                Thread.sleep(100);
            }
            assertThat(child.get().isAlive()).as("child %d outlived its killed parent", childPid).isFalse();
        } finally {
            parent.destroyForcibly();
        }
    }

    /** Starts an attached child, prints its pid, then waits to be killed. */
    public static final class Parent {
        public static void main(String[] args) throws InterruptedException {
            Path dir = Path.of(args[0]);
            ChildProcess child = ChildProcess.start("orphan-test", List.of(JavaRuntime.javaExecutable(),
                    ChildProcess.COMPONENT_MARKER + "orphan-test", "-cp", System.getProperty("java.class.path"),
                    PlatformLayoutTest.Sleeper.class.getName()), dir, dir.resolve("child.log"), false);
            System.out.println(child.pid());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
