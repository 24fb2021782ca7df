package com.allezon.localcluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Makes sure attached (non-detached) children never outlive this JVM: a shutdown hook kills them on a
 * normal exit, and a small watchdog shell process kills them when this JVM dies without running its hooks
 * (SIGKILL, e.g. a test fork killed on timeout). The watchdog only kills processes whose command line
 * still carries our component marker, so a reused pid is left alone.
 */
final class OrphanGuard {

    private static final String WATCHDOG = """
            parent="$1"; pids="$2"
            while kill -0 "$parent" 2>/dev/null; do sleep 1; done
            if [ -f "$pids" ]; then
              while read -r pid; do
                if grep -qa 'allezon.component=' "/proc/$pid/cmdline" 2>/dev/null; then kill -9 "$pid" 2>/dev/null; fi
              done < "$pids"
              rm -f "$pids"
            fi
            """;

    private static Path pidList;

    private OrphanGuard() {
    }

    static synchronized void watch(ProcessHandle child) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }, "allezon-child-" + child.pid() + "-cleanup"));
        try {
            if (pidList == null) {
                pidList = startWatchdog();
            }
            if (pidList != null) {
                Files.writeString(pidList, child.pid() + "\n", StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            // the shutdown hook still covers every normal exit
            pidList = null;
        }
    }

    /** The pid list the watchdog reads, or null where there is no POSIX shell. */
    private static Path startWatchdog() throws IOException {
        if (ChildProcess.findOnPath("sh").isEmpty()) {
            return null;
        }
        Path list = Files.createTempFile("allezon-children-", ".pids");
        list.toFile().deleteOnExit();
        new ProcessBuilder(List.of("sh", "-c", WATCHDOG, "allezon-orphan-guard",
                String.valueOf(ProcessHandle.current().pid()), list.toString()))
                .redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(true)
                .start();
        return list;
    }
}
