package com.allezon.platform.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real headless Chromium with the DevTools protocol on a free port and a throw-away profile directory.
 * {@link #close()} kills the browser (and every process it started) and deletes the profile directory.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final int STDERR_LINES_KEPT = 200;

    private final Path profile;
    private final Process process;
    private final Deque<String> stderr = new ArrayDeque<>();
    private final CompletableFuture<URI> devTools = new CompletableFuture<>();
    private final long startedNanos = System.nanoTime();
    private volatile Duration startup;

    /** The first of chromium, chromium-browser, google-chrome that is an executable on PATH. */
    static Optional<Path> findOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String name : NAMES) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Starts the browser and waits (at most {@code timeout}) for its DevTools websocket URL. */
    static HeadlessChromium start(Path binary, Duration timeout) throws IOException {
        Path profile = Files.createTempDirectory("allezon-panel-chromium-");
        Process process;
        try {
            process = new ProcessBuilder(binary.toString(), "--headless=new", "--remote-debugging-port=0",
                    "--user-data-dir=" + profile, "--no-sandbox", "--disable-gpu", "about:blank")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException | RuntimeException e) {
            deleteTree(profile, Duration.ofSeconds(10));
            throw e;
        }
        HeadlessChromium chromium = new HeadlessChromium(profile, process);
        try {
            chromium.awaitDevTools(timeout);
            return chromium;
        } catch (RuntimeException | Error e) {
            try {
                chromium.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private HeadlessChromium(Path profile, Process process) {
        this.profile = profile;
        this.process = process;
        Thread reader = new Thread(this::readStderr, "chromium-stderr-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Keeps draining stderr for the browser's whole life (a full pipe would block it), remembering the tail. */
    private void readStderr() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                synchronized (stderr) {
                    stderr.addLast(line);
                    if (stderr.size() > STDERR_LINES_KEPT) {
                        stderr.removeFirst();
                    }
                }
                Matcher listening = LISTENING.matcher(line);
                if (listening.find() && !devTools.isDone()) {
                    startup = Duration.ofNanos(System.nanoTime() - startedNanos);
                    devTools.complete(URI.create(listening.group(1)));
                }
            }
        } catch (IOException e) {
            // the stream closes when the browser is killed
        } finally {
            devTools.completeExceptionally(new IllegalStateException("chromium closed its stderr (exit code "
                    + exitCodeOrRunning() + ") without printing 'DevTools listening on ws://...'"));
        }
    }

    private void awaitDevTools(Duration timeout) {
        try {
            devTools.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("chromium printed no 'DevTools listening on ws://...' within " + timeout
                    + "; its stderr:\n" + stderrTail(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage() + "; its stderr:\n" + stderrTail(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for chromium", e);
        }
    }

    private String exitCodeOrRunning() {
        return process.isAlive() ? "still running" : String.valueOf(process.exitValue());
    }

    /** The browser-level DevTools websocket, as printed on stderr. */
    URI devToolsUrl() {
        return devTools.join();
    }

    /** How long the browser took to print its DevTools URL. */
    Duration startup() {
        return startup;
    }

    Path profileDir() {
        return profile;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** The last lines the browser wrote to stderr (for failure messages). */
    String stderrTail() {
        synchronized (stderr) {
            return String.join("\n", stderr);
        }
    }

    /** Kills the browser and the processes it started, then deletes the profile directory. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : children) {
                if (child.isAlive()) {
                    child.destroyForcibly();
                }
                child.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // reported below if the process is still alive
        } finally {
            deleteTree(profile, Duration.ofSeconds(10));
        }
        if (process.isAlive()) {
            throw new IllegalStateException("chromium (pid " + process.pid() + ") did not exit");
        }
    }

    /** Deletes a directory tree, retrying while a just-killed process may still be writing into it. */
    private static void deleteTree(Path root, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            IOException failure = null;
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                failure = e;
            } catch (UncheckedIOException e) {
                failure = e.getCause();
            }
            if (!Files.exists(root)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new UncheckedIOException("could not delete chromium's profile " + root,
                        failure != null ? failure : new IOException("files keep appearing in it"));
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }
}
