package com.allezon.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A command-line validator the checks need (docker-compose, kubectl, haproxy, promtool). Under CI (the
 * CI environment variable set) a missing tool fails the test, since a check that silently does not run
 * is no check; on a developer's machine the test is skipped with a message naming the package.
 */
final class ExternalTool {

    private ExternalTool() {
    }

    /** The first of the commands found on PATH, or the test is failed (CI) or skipped (locally). */
    static Path require(String debianPackage, String... commands) {
        Optional<Path> found = find(commands);
        if (found.isPresent()) {
            return found.get();
        }
        String message = "none of " + List.of(commands) + " is on PATH; install the Debian package "
                + debianPackage + " to run this check";
        if (underCi()) {
            fail(message + " (CI is set, so a missing tool is a failure)");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    static Optional<Path> find(String... commands) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String command : commands) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, command);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    static boolean underCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
    }

    record Result(int exitCode, String output) {
    }

    /** Runs the command in the repository root; stdout and stderr together, bounded in time. */
    static Result run(List<String> command) {
        try {
            Path output = Files.createTempFile("deployment-tests", ".out");
            try {
                Process process = new ProcessBuilder(new ArrayList<>(command))
                        .directory(Repo.ROOT.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail(String.join(" ", command) + " did not finish within 120 s");
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }
}
