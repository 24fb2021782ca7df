package com.allezon.localcluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One of our Spring Boot services ({@code <module>/target/<module>-<version>-exec.jar}) as a child JVM.
 * Ready means {@code /actuator/health/readiness} on the management port answers 200.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final ChildProcess process;
    private final int managementPort;

    private ServiceProcess(ChildProcess process, int managementPort) {
        this.process = process;
        this.managementPort = managementPort;
    }

    /**
     * Starts the jar without waiting; call {@link #awaitReady(Duration)} next (starting several services
     * before waiting on any lets them boot side by side).
     */
    public static ServiceProcess launch(String name, Path jar, List<String> jvmArgs, List<String> appArgs,
                                        int managementPort, Path logFile, boolean detach) {
        return launch(name, jar, jvmArgs, appArgs, managementPort, logFile, detach, 0);
    }

    /**
     * {@link #launch} at a lower CPU priority ({@code niceness} > 0, see {@link ChildProcess#start}).
     */
    public static ServiceProcess launch(String name, Path jar, List<String> jvmArgs, List<String> appArgs,
                                        int managementPort, Path logFile, boolean detach, int niceness) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + ": no " + jar + " (build it: ./mvnw -B -DskipTests -pl " + name + " -am install)");
        }
        List<String> command = new ArrayList<>();
        command.add(JavaRuntime.javaExecutable());
        command.add(ChildProcess.COMPONENT_MARKER + name);
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        command.addAll(appArgs);
        Path workDir = logFile.toAbsolutePath().getParent();
        ChildProcess child = ChildProcess.start(name, command, workDir, logFile.toAbsolutePath(), detach, niceness);
        return new ServiceProcess(child, managementPort);
    }

    /** {@link #launch} and {@link #awaitReady}. */
    public static ServiceProcess start(String name, Path jar, List<String> jvmArgs, List<String> appArgs,
                                       int managementPort, Path logFile, boolean detach, Duration timeout) {
        ServiceProcess service = launch(name, jar, jvmArgs, appArgs, managementPort, logFile, detach);
        service.awaitReady(timeout);
        return service;
    }

    /** Waits for readiness; if the process dies or the time runs out, stops it and fails with its log tail. */
    public ServiceProcess awaitReady(Duration timeout) {
        try {
            Poll.until(() -> isReady(managementPort), Deadline.after(timeout),
                    process.name() + " readiness on port " + managementPort, process::isAlive);
            return this;
        } catch (ReadinessException e) {
            process.stop(Duration.ofSeconds(10));
            throw new ReadinessException(e.getMessage() + "; last lines of " + process.logFile() + ":\n"
                    + process.logTail(60), e);
        }
    }

    /** True when {@code http://127.0.0.1:<managementPort>/actuator/health/readiness} answers 200. */
    public static boolean isReady(int managementPort) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String name() {
        return process.name();
    }

    public long pid() {
        return process.pid();
    }

    public int managementPort() {
        return managementPort;
    }

    public ChildProcess process() {
        return process;
    }

    public Path logFile() {
        return process.logFile();
    }

    /** SIGTERM (Spring's graceful shutdown), SIGKILL after 30 s. */
    public void stop() {
        process.stop(Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        stop();
    }
}
