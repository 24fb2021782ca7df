package com.allezon.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
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

    @Test
    void onlyTheJitCompilerThreadsOfARunningJvmAreLowered() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "no /proc");
        assumeTrue(ChildProcess.findOnPath("renice").isPresent(), "no renice program");
        Path program = dir.resolve("Idle.java");
        Files.writeString(program, "public class Idle { public static void main(String[] a) throws Exception {"
                + " System.out.println(\"ready\"); System.out.flush(); Thread.sleep(60_000); } }");
        Path log = dir.resolve("idle.log");
        // every compiler thread made while the VM starts (none added later), so that the set cannot grow under the test
        ChildProcess jvm = ChildProcess.start("idle-jvm", List.of(JavaRuntime.javaExecutable(),
                "-XX:-UseDynamicNumberOfCompilerThreads", program.toString()), dir, log, false);
        try {
            Poll.until(() -> printedReady(log), Deadline.after(Duration.ofSeconds(30)), "the idle JVM's main", jvm::isAlive);
            assertThat(Files.readString(log)).contains("ready");
            List<String> compilers = CpuPriority.compilerThreads(jvm.pid());
            assertThat(compilers).isNotEmpty();

            assertThat(CpuPriority.lowerCompilerThreads(jvm.pid(), 19)).isEqualTo(compilers.size());

            Path tasks = Path.of("/proc", Long.toString(jvm.pid()), "task");
            List<String> others = new ArrayList<>();
            try (var threads = Files.list(tasks)) {
                threads.map(thread -> thread.getFileName().toString()).filter(tid -> !compilers.contains(tid)).forEach(others::add);
            }
            for (String tid : compilers) {
                assertThat(niceOf(tasks.resolve(tid).resolve("stat"))).as("compiler thread %s", tid).isEqualTo(19);
            }
            // the main thread (whose id is the pid) and the JVM's other threads keep the process's priority
            assertThat(others).contains(Long.toString(jvm.pid()));
            for (String tid : others) {
                assertThat(niceOf(tasks.resolve(tid).resolve("stat"))).as("thread %s", tid).isEqualTo(niceOf(jvm.pid()));
            }
            assertThat(niceOf(jvm.pid())).isEqualTo(niceOf(ProcessHandle.current().pid()));
        } finally {
            jvm.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void nothingIsLoweredAtZeroOrForAProcessThatIsGone() {
        assertThat(CpuPriority.lowerCompilerThreads(ProcessHandle.current().pid(), 0)).isZero();
        assertThat(CpuPriority.compilerThreads(Long.MAX_VALUE)).isEmpty();
        assertThat(CpuPriority.lowerCompilerThreads(Long.MAX_VALUE, 19)).isZero();
    }

    /** The 19th field of /proc/PID/stat. */
    private static int niceOf(long pid) throws Exception {
        return niceOf(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** The 19th field of a stat file of /proc. */
    private static int niceOf(Path statFile) throws Exception {
        return Integer.parseInt(ProcStat.fields(statFile).orElseThrow().get(16));
    }

    private static boolean printedReady(Path log) {
        try {
            return Files.exists(log) && Files.readString(log).contains("ready");
        } catch (IOException e) {
            return false;
        }
    }
}
