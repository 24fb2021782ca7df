package com.allezon.localcluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Linux's {@code /proc/PID/stat} (and a thread's {@code /proc/PID/task/TID/stat}), read the one safe way. */
final class ProcStat {

    private ProcStat() {
    }

    /** Indexes into {@link #fields}: the state letter, the session id, the flags, the thread count. */
    static final int STATE = 0;
    static final int SESSION = 3;
    static final int FLAGS = 6;
    static final int THREADS = 17;

    /** The fields of the process's stat file, see {@link #fields(Path)}. */
    static Optional<List<String>> fields(long pid) {
        return fields(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /**
     * The fields after the command name, which sits in parentheses and may itself hold spaces and parentheses:
     * 0 is the state, 1 the parent pid, 3 the session, 6 the flags, 16 the nice value, 17 the thread count. Empty
     * where there is no {@code /proc} or the process (or thread) is gone.
     */
    static Optional<List<String>> fields(Path statFile) {
        try {
            String stat = Files.readString(statFile, StandardCharsets.US_ASCII);
            return Optional.of(List.of(stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
