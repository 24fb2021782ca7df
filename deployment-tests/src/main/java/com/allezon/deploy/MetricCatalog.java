package com.allezon.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The committed list of metrics the dashboards may use, each with the jobs expected to expose it
 * (deploy/grafana/dashboard-metrics.txt: one metric a line, then its jobs; '#' starts a comment).
 */
public record MetricCatalog(Map<String, Set<String>> exposedBy) {

    public static final String FILE = "deploy/grafana/dashboard-metrics.txt";

    public static MetricCatalog read(Path file) {
        Map<String, Set<String>> exposedBy = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int comment = line.indexOf('#');
                String content = (comment < 0 ? line : line.substring(0, comment)).strip();
                if (content.isEmpty()) {
                    continue;
                }
                String[] words = content.split("\\s+");
                if (words.length < 2) {
                    throw new IllegalArgumentException(file + ": '" + line + "' names no job exposing the metric");
                }
                if (exposedBy.put(words[0], new TreeSet<>(Arrays.asList(words).subList(1, words.length))) != null) {
                    throw new IllegalArgumentException(file + ": " + words[0] + " is listed twice");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new MetricCatalog(Map.copyOf(exposedBy));
    }

    public Set<String> names() {
        return new TreeSet<>(exposedBy.keySet());
    }

    /** The metrics a job's own /actuator/prometheus must show, e.g. for "front-service". */
    public Set<String> namesExposedBy(String job) {
        Set<String> names = new TreeSet<>();
        exposedBy.forEach((name, jobs) -> {
            if (jobs.contains(job)) {
                names.add(name);
            }
        });
        return names;
    }

    public Set<String> jobs() {
        Set<String> jobs = new TreeSet<>();
        exposedBy.values().forEach(jobs::addAll);
        return jobs;
    }
}
