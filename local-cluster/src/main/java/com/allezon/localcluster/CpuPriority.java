package com.allezon.localcluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A lower CPU priority for background work on a shared machine: the local platform runs every component
 * on the same cores, and under contention Linux gives each session (each detached child is one) an equal
 * share whatever it does. A component whose work can wait (aggregate-service: stream processing with a
 * 60 s visibility budget, one query a second) then takes CPU from the request path (front-service, Kafka,
 * the profile reads), whose budget is 200 ms.
 * <p>
 * Two knobs, because Linux has two: {@code nice} on the command (all threads inherit it; what counts when
 * automatic session grouping is off), and the session group's own nice value in {@code /proc/PID/autogroup}
 * (what counts between sessions when it is on). A third, per thread, for a running JVM's compiler threads
 * ({@link #lowerCompilerThreads}). Only ever lowers priority, which needs no privilege; on a
 * system without either knob nothing changes.
 */
final class CpuPriority {

    private static final Duration RENICE_PATIENCE = Duration.ofSeconds(10);

    private CpuPriority() {
    }

    /** The prefix that starts a command at {@code niceness}; empty when 0 or when {@code nice} is missing. */
    static List<String> nicePrefix(int niceness) {
        if (niceness <= 0) {
            return List.of();
        }
        return ChildProcess.findOnPath("nice")
                .map(nice -> List.of(nice.toString(), "-n", Integer.toString(niceness)))
                .orElse(List.of());
    }

    /**
     * Sets the nice value of the session group that {@code pid} leads. Waits (briefly) until the child has
     * become the leader of its own session: before that, its group is still the launcher's. Returns whether
     * it was set.
     */
    static boolean lowerSessionGroup(long pid, int niceness) {
        Path autogroup = Path.of("/proc", Long.toString(pid), "autogroup");
        if (niceness <= 0 || !Files.isWritable(autogroup)) {
            return false;
        }
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (!leadsOwnSession(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        try {
            Files.writeString(autogroup, Integer.toString(niceness), StandardCharsets.US_ASCII);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Lowers the JIT compiler threads of the running JVM {@code pid} to {@code niceness}, its other threads
     * untouched (on Linux a thread's nice value is its own). Meant for once a component has warmed up: its
     * compiles can then wait, its requests cannot. Within the component's session group the request threads then
     * come first, the compiler taking what they leave (a real run's first second meets recompiles in every JVM at
     * once). Returns how many threads were lowered: 0 where there is no {@code /proc}, no {@code renice}, no such
     * thread, or {@code renice} failed.
     */
    static int lowerCompilerThreads(long pid, int niceness) {
        if (niceness <= 0) {
            return 0;
        }
        List<String> threads = compilerThreads(pid);
        var renice = ChildProcess.findOnPath("renice");
        if (threads.isEmpty() || renice.isEmpty()) {
            return 0;
        }
        List<String> command = new ArrayList<>(List.of(renice.get().toString(), "-n", Integer.toString(niceness), "-p"));
        command.addAll(threads);
        return ChildProcess.runQuietly(command, RENICE_PATIENCE).isEmpty() ? threads.size() : 0;
    }

    /** The thread ids of HotSpot's JIT compiler threads in {@code pid} (named "C1/C2 CompilerThreadN", cut to 15 characters). */
    static List<String> compilerThreads(long pid) {
        try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return threads.filter(thread -> {
                        try {
                            String name = Files.readString(thread.resolve("comm"), StandardCharsets.UTF_8);
                            return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
                        } catch (IOException e) {
                            return false; // the thread ended
                        }
                    })
                    .map(thread -> thread.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of(); // no /proc, or no such process
        }
    }

    /** Whether the session id in /proc/PID/stat is the pid itself. */
    static boolean leadsOwnSession(long pid) {
        return ProcStat.fields(pid).map(fields -> Long.parseLong(fields.get(ProcStat.SESSION)) == pid).orElse(false);
    }
}
