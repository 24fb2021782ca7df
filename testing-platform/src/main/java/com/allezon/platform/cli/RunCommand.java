package com.allezon.platform.cli;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

import com.allezon.model.Json;
import com.allezon.platform.load.LoadRun;
import com.allezon.platform.load.Mismatch;
import com.allezon.platform.load.PriorTags;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Drives a target with one subscription for a while, shows progress, then prints and saves the score. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Send a seed's stream to a target at a fixed rate and score every answer.")
public final class RunCommand implements Callable<Integer> {

    /** The exit status when the target already holds tags of the stream's day (and --allow-prior-tags is not given). */
    static final int PRIOR_TAGS = 3;

    @Option(names = "--target", defaultValue = "http://localhost:8080",
            description = "Base URL of the system (default: ${DEFAULT-VALUE}, the local platform)")
    URI target;

    @Option(names = "--rate", required = true, description = "Tags per second (queries come on top: +10%% profiles, +0.1%% aggregates).")
    long rate;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the stream (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--duration", required = true, converter = DurationConverter.class,
            description = "How long to send, e.g. 30s, 5m, 1h.")
    Duration duration;

    @Option(names = "--report", description = "Write the JSON report to this file.")
    Path report;

    @Option(names = "--allow-prior-tags",
            description = "Run even if the target already counts tags of the stream's day (an earlier run's): its answers will not match.")
    boolean allowPriorTags;

    @Override
    public Integer call() throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        OptionalLong prior = PriorTags.inFirstMinute(target);
        if (prior.orElse(0) > 0) {
            PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
            err.println((allowPriorTags ? "WARNING: " : "") + PriorTags.warning(target, prior.getAsLong()));
            if (!allowPriorTags) {
                return PRIOR_TAGS;
            }
        }
        LoadRun run = new LoadRun(target, rate, seed, duration);
        boolean console = System.console() != null;
        run.start();
        long printed = 0;
        while (!run.awaitTermination(Duration.ofSeconds(1))) {
            LoadRun.Sample sample = run.tick();
            String line = progressLine(run, sample);
            if (console) {
                out.print("\r" + line + "   ");
            } else if (sample.second() - printed >= 5) {
                out.println(line);
                printed = sample.second();
            }
        }
        if (console) {
            out.println();
        }
        Map<String, Object> result = run.report();
        out.print(summary(result));
        if (report != null) {
            Files.writeString(report, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result) + "\n");
            out.println("report written to " + report);
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    static String progressLine(LoadRun run, LoadRun.Sample sample) {
        Map<String, Object> r = run.report();
        Map<String, Object> tags = (Map<String, Object>) r.get("tags");
        Map<String, Object> profiles = (Map<String, Object>) r.get("profiles");
        Map<String, Object> aggregates = (Map<String, Object>) r.get("aggregates");
        Map<String, Object> progress = (Map<String, Object>) r.get("logical_time_progress");
        double[] tagLatency = sample.latencyMs().get("tags");
        double[] profileLatency = sample.latencyMs().get("profiles");
        long behind = (long) ((Map<String, Object>) r.get("sender")).get("behind_schedule");
        return String.format("%4ds %s | tags %d/s sent %d ok %d drop %d | profiles ok %d wrong %d stale %d t/o %d p99 %.1fms"
                        + " | aggregates ok %d wrong %d stale %d t/o %d | tag p99 %.1fms%s",
                sample.second() + 1, progress.get("event_time"), sample.tagsSent(), tags.get("sent"), tags.get("accepted"),
                tags.get("dropped"), profiles.get("correct"), profiles.get("wrong"), profiles.get("stale"),
                profiles.get("timeouts"), profileLatency[1], aggregates.get("correct"), aggregates.get("wrong"),
                aggregates.get("stale"), aggregates.get("timeouts"),
                tagLatency[1], behind > 0 ? " | " + behind + " sent over 20 ms late" : "");
    }

    @SuppressWarnings("unchecked")
    static String summary(Map<String, Object> r) {
        StringBuilder s = new StringBuilder("\n");
        s.append(String.format("%-11s %10s %10s %10s %10s %10s %9s%n", "", "sent", "ok", "wrong", "stale", "dropped/t-o", "score"));
        Map<String, Object> tags = (Map<String, Object>) r.get("tags");
        s.append(row("tags", (long) tags.get("sent"), (long) tags.get("accepted"), 0, 0, (long) tags.get("dropped")));
        for (String kind : List.of("profiles", "aggregates")) {
            Map<String, Object> k = (Map<String, Object>) r.get(kind);
            s.append(row(kind, (long) k.get("sent"), (long) k.get("correct"), (long) k.get("wrong"), (long) k.get("stale"),
                    (long) k.get("timeouts")));
        }
        s.append(String.format("%nlatency ms  %9s %9s %9s %9s %9s%n", "p50", "p90", "p99", "p99.9", "max"));
        Map<String, Map<String, Object>> latency = (Map<String, Map<String, Object>>) r.get("latency_ms");
        latency.forEach((kind, p) -> s.append(String.format("%-11s %9.2f %9.2f %9.2f %9.2f %9.2f%n", kind,
                p.get("p50"), p.get("p90"), p.get("p99"), p.get("p999"), p.get("max"))));
        Map<String, Object> progress = (Map<String, Object>) r.get("logical_time_progress");
        s.append(String.format("%nlogical time reached %s (%.1f s of event time sent in %.1f s, x%.2f; %.1f s since the start,"
                        + " %.1f s of them the sender's warm-up)%n", progress.get("event_time"), progress.get("event_seconds"),
                progress.get("sending_seconds"), progress.get("speed"), progress.get("wall_seconds"),
                r.get("sender_warm_up_seconds")));
        Map<String, Object> sender = (Map<String, Object>) r.get("sender");
        if (!(boolean) sender.get("held_rate")) {
            s.append(String.format("WARNING: the sender could not hold the rate: %d requests left over %d ms late (max lag %.1f ms)%n",
                    sender.get("behind_schedule"), 20, sender.get("max_lag_ms")));
        }
        List<Mismatch> mismatches = (List<Mismatch>) r.get("mismatches");
        if (!mismatches.isEmpty()) {
            s.append("\nfirst wrong answers:\n");
            for (Mismatch m : mismatches.subList(0, Math.min(5, mismatches.size()))) {
                s.append("  ").append(m.kind()).append(' ').append(m.path()).append(" (HTTP ").append(m.status()).append(")\n");
                m.diff().forEach(line -> s.append("      ").append(line).append('\n'));
            }
        }
        return s.toString();
    }

    /** {@code part / whole} in percent with two decimals, rounded down: 1 miss in 300,000 is 99.99 %, never 100.00 %. */
    static String percentDown(long part, long whole) {
        long hundredths = Math.floorDiv(part * 10_000, whole);
        return String.format("%d.%02d%%", hundredths / 100, hundredths % 100);
    }

    private static String row(String name, long sent, long ok, long wrong, long stale, long lost) {
        String score = sent == 0 ? "-" : percentDown(ok, sent);
        return String.format("%-11s %10d %10d %10d %10d %10d %9s%n", name, sent, ok, wrong, stale, lost, score);
    }
}
