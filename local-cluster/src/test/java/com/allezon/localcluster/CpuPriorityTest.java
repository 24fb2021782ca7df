package com.allezon.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lowered priority of a background component: its threads' nice value and its session group's. */
class CpuPriorityTest {

    @TempDir
    Path dir;

    @Test
    void aDetachedChildRunsNicerInItsOwnSessionGroupAndTheLaunchersGroupKeepsItsPriority() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/autogroup")), "no session groups on this system");
        assumeTrue(!CpuPriority.nicePrefix(7).isEmpty(), "no nice program");
        String launcherGroup = Files.readString(Path.of("/proc/self/autogroup"));
        List<String> command = new ArrayList<>(CpuPriority.nicePrefix(7));
        command.addAll(List.of("sleep", "30"));
        ChildProcess child = ChildProcess.start("sleeper", command, dir, dir.resolve("sleeper.log"), true);
        try {
            assertThat(CpuPriority.lowerSessionGroup(child.pid(), 7)).isTrue();
            assertThat(CpuPriority.leadsOwnSession(child.pid())).isTrue();
            assertThat(Files.readString(Path.of("/proc", Long.toString(child.pid()), "autogroup"))).endsWith("nice 7\n");
            // nice sets it, then runs the program: wait for the program
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!Files.readString(Path.of("/proc", Long.toString(child.pid()), "cmdline")).startsWith("sleep")
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(niceOf(child.pid())).isEqualTo(7);
            assertThat(Files.readString(Path.of("/proc/self/autogroup"))).isEqualTo(launcherGroup);
        } finally {
            child.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void priorityZeroChangesNothing() {
        assertThat(CpuPriority.nicePrefix(0)).isEmpty();
        assertThat(CpuPriority.lowerSessionGroup(ProcessHandle.current().pid(), 0)).isFalse();
    }

    @Test
    void aChildStillInTheLaunchersSessionIsLeftAlone() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/autogroup")), "no session groups on this system");
        String launcherGroup = Files.readString(Path.of("/proc/self/autogroup"));
        // not detached: no session of its own, so its group is the launcher's, which must not be lowered
        ChildProcess child = ChildProcess.start("sleeper", List.of("sleep", "30"), dir, dir.resolve("sleeper.log"), false);
        try {
            assertThat(CpuPriority.leadsOwnSession(child.pid())).isFalse();
            assertThat(CpuPriority.lowerSessionGroup(child.pid(), 7)).isFalse();
            assertThat(Files.readString(Path.of("/proc/self/autogroup"))).isEqualTo(launcherGroup);
        } finally {
            child.stop(Duration.ofSeconds(5));
        }
    }

    /** The 19th field of /proc/PID/stat. */
    private static int niceOf(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
    }
}
