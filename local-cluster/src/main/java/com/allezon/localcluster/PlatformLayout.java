package com.allezon.localcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the local platform keeps its state: {@code <repo>/.allezon/} with {@code data/<component>/},
 * {@code logs/<component>.log} and {@code run/<component>.pid}.
 */
public record PlatformLayout(Path home) {

    public PlatformLayout {
        home = home.toAbsolutePath().normalize();
    }

    public Path stateDir() {
        return home.resolve(".allezon");
    }

    public Path dataDir(String component) {
        return stateDir().resolve("data").resolve(component);
    }

    public Path logFile(String component) {
        return stateDir().resolve("logs").resolve(component + ".log");
    }

    public Path pidFile(String component) {
        return stateDir().resolve("run").resolve(component + ".pid");
    }

    /** The service's runnable jar as the build leaves it. */
    public Path serviceJar(String module, String version) {
        return home.resolve(module).resolve("target").resolve(module + "-" + version + "-exec.jar");
    }

    public void writePid(String component, long pid) {
        try {
            Files.createDirectories(pidFile(component).getParent());
            Files.writeString(pidFile(component), pid + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + pidFile(component), e);
        }
    }

    public Optional<Long> readPid(String component) {
        Path file = pidFile(component);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public void deletePid(String component) {
        try {
            Files.deleteIfExists(pidFile(component));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + pidFile(component), e);
        }
    }

    /** The running process recorded in the component's pid file, if it is still that component. */
    public Optional<ChildProcess> running(String component) {
        return readPid(component).flatMap(pid -> ChildProcess.attach(component, pid, logFile(component)));
    }
}
