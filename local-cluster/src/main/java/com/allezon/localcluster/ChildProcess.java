package com.allezon.localcluster;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A JVM (or any program) started by us, its output appended to a log file.
 *
 * <p>Detached children run in their own session ({@code setsid}), so neither the end of the launching
 * JVM nor a Ctrl-C in the launching terminal takes them down; they are stopped by pid.
 */
public final class ChildProcess {

    /** Every child gets {@code -Dallezon.component=<name>} so that a pid file can be checked against its process. */
    static final String COMPONENT_MARKER = "-Dallezon.component=";
    /**
     * Every page of the heap touched at start: otherwise the first use of each newly committed region faults its
     * pages in, on request threads and inside collections (a young collection of the front at the start of a run
     * spent 20 of its 60 ms of CPU in the kernel). Used with {@code -Xms} equal to {@code -Xmx}.
     */
    public static final String PRETOUCH = "-XX:+AlwaysPreTouch";

    private static final int TAIL_BYTES = 256 * 1024;

    private final String name;
    private final ProcessHandle handle;
    private final Path logFile;

    private ChildProcess(String name, ProcessHandle handle, Path logFile) {
        this.name = name;
        this.handle = handle;
        this.logFile = logFile;
    }

    /** Starts {@code command} in {@code workDir}, stdin from /dev/null, stdout and stderr appended to {@code logFile}. */
    public static ChildProcess start(String name, List<String> command, Path workDir, Path logFile, boolean detach) {
        return start(name, command, workDir, logFile, detach, 0);
    }

    /**
     * {@link #start} at a lower CPU priority ({@code niceness} > 0, see {@link CpuPriority}): {@code nice} on
     * the command, and a detached child's whole session group lowered too.
     */
    public static ChildProcess start(String name, List<String> command, Path workDir, Path logFile, boolean detach,
                                     int niceness) {
        List<String> full = new ArrayList<>();
        if (detach) {
            findOnPath("setsid").ifPresent(setsid -> full.add(setsid.toString()));
        }
        full.addAll(CpuPriority.nicePrefix(niceness));
        full.addAll(command);
        try {
            Process process = launch(full, workDir, logFile);
            ChildProcess child = new ChildProcess(name, process.toHandle(), logFile);
            if (detach) {
                CpuPriority.lowerSessionGroup(child.pid(), niceness);
            } else {
                OrphanGuard.watch(child.handle);
            }
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + e.getMessage() + "): " + String.join(" ", full), e);
        }
    }

    /**
     * The running process {@code pid} if it is alive and (when its command line is readable) was started for
     * component {@code name}; empty for a stale pid that now belongs to something else, and for a process that has
     * exited or is exiting. One that is exiting (a large JVM just killed with {@code kill -9} takes a second or two
     * to free its memory, and keeps its ports until then) is waited for, at most {@link #EXIT_PATIENCE}, so that a
     * start right after a kill finds its ports free instead of taking the dying node for a running one.
     */
    public static Optional<ChildProcess> attach(String name, long pid, Path logFile) {
        Liveness liveness = liveness(pid);
        if (liveness == Liveness.EXITING) {
            try {
                Poll.until(() -> liveness(pid) != Liveness.EXITING, Deadline.after(EXIT_PATIENCE),
                        name + " (pid " + pid + ") to finish exiting", () -> true);
            } catch (ReadinessException e) {
                // still exiting: not a running component either way
            }
            return Optional.empty();
        }
        if (liveness == Liveness.EXITED) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid)
                .filter(h -> h.info().commandLine().map(cmd -> cmd.contains(COMPONENT_MARKER + name)).orElse(true))
                .map(h -> new ChildProcess(name, h, logFile));
    }

    /** How long {@link #attach} waits for a process that is exiting to be done. */
    static final Duration EXIT_PATIENCE = Duration.ofSeconds(60);
    /** The kernel's flag for a task in {@code do_exit}, in the ninth field of {@code /proc/PID/stat}. */
    private static final long PF_EXITING = 0x4;

    /** Where a process is in its life, as far as starting a component in its place goes. */
    enum Liveness {
        RUNNING,
        /** Killed and still tearing down (it may hold its ports and memory). */
        EXITING,
        /** Gone, or a zombie that only waits to be reaped. */
        EXITED
    }

    /**
     * From {@code /proc/PID/stat} where there is one: state Z or X is {@link Liveness#EXITED} once no other thread
     * of the process is left, the exiting flag {@link Liveness#EXITING}. Without {@code /proc}, whatever
     * {@link ProcessHandle#isAlive} says.
     */
    static Liveness liveness(long pid) {
        Optional<List<String>> stat = ProcStat.fields(pid);
        if (stat.isEmpty()) {
            // gone, or a system without /proc
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? Liveness.RUNNING : Liveness.EXITED;
        }
        char state = stat.get().get(ProcStat.STATE).charAt(0);
        if (state == 'Z' || state == 'X') {
            // a killed JVM's main thread turns zombie while its other threads still tear down and hold its sockets
            return Integer.parseInt(stat.get().get(ProcStat.THREADS)) > 1 ? Liveness.EXITING : Liveness.EXITED;
        }
        return (Long.parseLong(stat.get().get(ProcStat.FLAGS)) & PF_EXITING) != 0 ? Liveness.EXITING : Liveness.RUNNING;
    }

    /** Runs {@code command} to completion (e.g. a storage format tool); fails with the log tail unless it exits 0. */
    static void runToCompletion(String name, List<String> command, Path workDir, Path logFile, Duration timeout) {
        try {
            Process process = launch(command, workDir, logFile);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new ReadinessException(name + " did not finish within " + timeout.toSeconds() + " s\n" + tail(logFile, 30));
            }
            if (process.exitValue() != 0) {
                throw new ReadinessException(name + " exited with " + process.exitValue() + "\n" + tail(logFile, 30));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + name + " (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReadinessException("interrupted while running " + name, e);
        }
    }

    /**
     * Runs a short tool whose output nobody reads (e.g. {@code jcmd}, {@code renice}) and waits at most
     * {@code timeout}, killing it then. Returns why it failed (it could not start, did not finish in time, or
     * exited non-zero), or empty when it exited 0. For best-effort steps that never fail a start-up.
     */
    static Optional<String> runQuietly(List<String> command, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return Optional.of("did not finish within " + timeout.toMillis() + " ms");
            }
            return process.exitValue() == 0 ? Optional.empty() : Optional.of("exited with " + process.exitValue());
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /**
     * Starts {@code command} in {@code workDir}, stdin from /dev/null, stdout and stderr appended to {@code logFile};
     * creates both directories first. Every child is launched here: Kafka's storage format runs while Cassandra
     * starts in parallel, so no launch may count on another one having made the log directory.
     */
    private static Process launch(List<String> command, Path workDir, Path logFile) throws IOException {
        Files.createDirectories(workDir);
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        return new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectInput(new File("/dev/null"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
    }

    public String name() {
        return name;
    }

    public long pid() {
        return handle.pid();
    }

    public boolean isAlive() {
        return handle.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** SIGTERM, then SIGKILL if still alive after {@code grace}; returns once the process is gone. */
    public void stop(Duration grace) {
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        if (!awaitExit(grace)) {
            handle.destroyForcibly();
            awaitExit(Duration.ofSeconds(10));
        }
    }

    /** SIGKILL without a grace period (for shutdown hooks that must not leave anything behind). */
    public void kill() {
        handle.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    private boolean awaitExit(Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    /** The last {@code lines} lines of the log file (empty text when there is none yet). */
    public String logTail(int lines) {
        return tail(logFile, lines);
    }

    static String tail(Path file, int lines) {
        if (!Files.isReadable(file)) {
            return "";
        }
        // only the end of the file: logs of long-running nodes grow large
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int chunk = (int) Math.min(length, TAIL_BYTES);
            byte[] bytes = new byte[chunk];
            raf.seek(length - chunk);
            raf.readFully(bytes);
            String[] all = new String(bytes, StandardCharsets.UTF_8).split("\\R");
            int from = Math.max(0, all.length - lines);
            return String.join(System.lineSeparator(), java.util.Arrays.asList(all).subList(from, all.length));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    static Optional<Path> findOnPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }
}
