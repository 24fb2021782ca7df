package com.allezon.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Prometheus metrics that Grafana dashboards query, and which of them a scrape lacks.
 * <pre>
 *   DashboardMetrics dashboards = DashboardMetrics.of(Path.of("deploy/grafana/dashboards"));
 *   Set&lt;String&gt; missing = dashboards.missingFrom(scrapeOfEveryService);   // empty when all is well
 * </pre>
 * Names are sample names as Prometheus stores them ({@code http_server_requests_seconds_bucket},
 * {@code allezon_tags_accepted_total}). Names that Prometheus adds to every target itself, such as
 * {@code up}, never count as missing from a service's scrape.
 */
public final class DashboardMetrics {

    /** Series Prometheus creates for each scrape target; no service exposes them. */
    public static final Set<String> ADDED_BY_PROMETHEUS = Set.of("up", "scrape_duration_seconds",
            "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\s*\\((.*)\\)\\s*$", Pattern.DOTALL);
    private static final Pattern QUERY_RESULT = Pattern.compile("^\\s*query_result\\s*\\((.*)\\)\\s*$", Pattern.DOTALL);

    private final Set<String> names;

    private DashboardMetrics(Set<String> names) {
        this.names = Set.copyOf(names);
    }

    public static DashboardMetrics of(Path dashboardsDir) {
        return new DashboardMetrics(metricNames(dashboardsDir));
    }

    public Set<String> names() {
        return names;
    }

    /** Every metric name queried by the dashboards (*.json) in the folder. */
    public static Set<String> metricNames(Path dashboardsDir) {
        Set<String> all = new TreeSet<>();
        for (Path dashboard : dashboardFiles(dashboardsDir)) {
            all.addAll(metricNamesOf(dashboard));
        }
        return all;
    }

    public static Set<Path> dashboardFiles(Path dashboardsDir) {
        try (Stream<Path> files = Files.list(dashboardsDir)) {
            Set<Path> dashboards = new TreeSet<>(files.filter(f -> f.toString().endsWith(".json")).toList());
            if (dashboards.isEmpty()) {
                throw new IllegalArgumentException("no dashboard JSON in " + dashboardsDir);
            }
            return dashboards;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode read(Path dashboard) {
        try {
            return JSON.readTree(Files.readString(dashboard));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Set<String> metricNamesOf(Path dashboard) {
        return metricNamesOf(read(dashboard));
    }

    /** Names in every panel's PromQL ({@code expr}, rows and nested panels included) and in query variables. */
    public static Set<String> metricNamesOf(JsonNode dashboard) {
        Set<String> found = new TreeSet<>();
        collectExpressions(dashboard, found);
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asString(""))) {
                JsonNode query = variable.path("query");
                String text = query.isObject() ? query.path("query").asString("") : query.asString("");
                found.addAll(metricNamesOfVariableQuery(text));
            }
        }
        return found;
    }

    /** Grafana's Prometheus variable queries: label_values(selector, label), query_result(expr), or PromQL. */
    static Set<String> metricNamesOfVariableQuery(String query) {
        Matcher labelValues = LABEL_VALUES.matcher(query);
        if (labelValues.matches()) {
            String arguments = labelValues.group(1);
            int comma = topLevelComma(arguments);
            return comma < 0 ? Set.of() : PromQl.metricNames(arguments.substring(0, comma));
        }
        Matcher queryResult = QUERY_RESULT.matcher(query);
        return PromQl.metricNames(queryResult.matches() ? queryResult.group(1) : query);
    }

    private static int topLevelComma(String arguments) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < arguments.length(); i++) {
            char c = arguments.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static void collectExpressions(JsonNode node, Set<String> found) {
        if (node.isObject()) {
            JsonNode expr = node.get("expr");
            if (expr != null && expr.isString()) {
                found.addAll(PromQl.metricNames(expr.asString()));
            }
        }
        if (node.isContainer()) {
            for (JsonNode child : node) {
                collectExpressions(child, found);
            }
        }
    }

    /** The dashboards' names that the scrape (one or several services' output, concatenated) lacks. */
    public Set<String> missingFrom(String prometheusScrapeText) {
        return missing(names, prometheusScrapeText);
    }

    public static Set<String> missing(Collection<String> expected, String prometheusScrapeText) {
        Set<String> exposed = exposedIn(prometheusScrapeText);
        Set<String> missing = new TreeSet<>();
        for (String name : expected) {
            if (!exposed.contains(name) && !ADDED_BY_PROMETHEUS.contains(name)) {
                missing.add(name);
            }
        }
        return missing;
    }

    /** Sample names in Prometheus text exposition format (comments and metadata lines ignored). */
    public static Set<String> exposedIn(String prometheusScrapeText) {
        Set<String> exposed = new TreeSet<>();
        for (String line : prometheusScrapeText.split("\n")) {
            String sample = line.strip();
            if (sample.isEmpty() || sample.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < sample.length() && PromQl.isIdentifierPart(sample.charAt(end))) {
                end++;
            }
            if (end > 0) {
                exposed.add(sample.substring(0, end));
            }
        }
        return exposed;
    }
}
