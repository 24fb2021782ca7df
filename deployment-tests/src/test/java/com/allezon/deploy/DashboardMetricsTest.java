package com.allezon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** The provisioned Grafana dashboards against the committed metric list and the provisioned datasources. */
class DashboardMetricsTest {

    private static final Path DASHBOARDS = Repo.path("deploy/grafana/dashboards");
    private static final MetricCatalog CATALOG = MetricCatalog.read(Repo.path(MetricCatalog.FILE));
    private static final Set<String> SERVICES = Set.of("front-service", "profile-service", "aggregate-service");

    @Test
    void everyMetricADashboardQueriesIsInTheCommittedList() {
        Set<String> used = DashboardMetrics.metricNames(DASHBOARDS);
        assertThat(used).as("metrics used by dashboards but not in " + MetricCatalog.FILE)
                .isSubsetOf(CATALOG.names());
    }

    @Test
    void everyListedMetricIsUsedByADashboard() {
        Set<String> unused = new TreeSet<>(CATALOG.names());
        unused.removeAll(DashboardMetrics.metricNames(DASHBOARDS));
        assertThat(unused).as("stale entries of " + MetricCatalog.FILE).isEmpty();
    }

    @Test
    void theListNamesOnlyJobsThatPrometheusScrapes() {
        Map<String, Object> prometheus = Yaml.load(Repo.path("deploy/prometheus/prometheus.yml"));
        Set<String> jobs = Yaml.list(prometheus, "scrape_configs").stream()
                .map(job -> (String) Yaml.map(job).get("job_name"))
                .collect(Collectors.toSet());
        assertThat(jobs).containsAll(SERVICES);
        assertThat(CATALOG.jobs()).isSubsetOf(jobs);
        for (String service : SERVICES) {
            assertThat(CATALOG.namesExposedBy(service)).as(service).contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void missingFromReportsExactlyTheNamesAScrapeLacks() {
        DashboardMetrics dashboards = DashboardMetrics.of(DASHBOARDS);
        StringBuilder scrape = new StringBuilder("# HELP jvm_memory_used_bytes The amount of used memory\n")
                .append("# TYPE allezon_tags_accepted counter\n");
        List<String> names = new ArrayList<>(dashboards.names());
        String left = "allezon_tags_accepted_total";
        for (String name : names) {
            if (!name.equals(left) && !DashboardMetrics.ADDED_BY_PROMETHEUS.contains(name)) {
                scrape.append(name).append("{application=\"x\",le=\"+Inf\"} 1.0\n");
            }
        }
        assertThat(dashboards.missingFrom(scrape.toString())).containsExactly(left);
        assertThat(dashboards.missingFrom("")).isEqualTo(without(dashboards.names(), DashboardMetrics.ADDED_BY_PROMETHEUS));
        assertThat(DashboardMetrics.exposedIn("a_total 1\nb{x=\"1\"} 2 1700000000\n# c 3\n\n"))
                .containsExactlyInAnyOrder("a_total", "b");
    }

    @Test
    void everyQueryUsesAProvisionedDatasourceOfTheRightType() {
        Map<String, String> typeByUid = provisionedDatasourceTypes();
        for (Path file : DashboardMetrics.dashboardFiles(DASHBOARDS)) {
            for (Target target : targets(DashboardMetrics.read(file))) {
                String uid = target.datasource().path("uid").asString("");
                assertThat(typeByUid).as(file.getFileName() + " panel '" + target.panel() + "' datasource")
                        .containsKey(uid);
                String expected = target.query().has("expr") ? "prometheus" : "marcusolsson-json-datasource";
                assertThat(typeByUid.get(uid)).as(file.getFileName() + " panel '" + target.panel() + "'")
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void dashboardsHaveUniqueUidsAndPanelIds() {
        Set<String> uids = new HashSet<>();
        for (Path file : DashboardMetrics.dashboardFiles(DASHBOARDS)) {
            JsonNode dashboard = DashboardMetrics.read(file);
            assertThat(uids.add(dashboard.path("uid").asString(""))).as("uid of " + file.getFileName()).isTrue();
            List<Integer> ids = new ArrayList<>();
            collectPanels(dashboard, ids, new ArrayList<>());
            assertThat(ids).as("panel ids of " + file.getFileName()).doesNotHaveDuplicates().isNotEmpty();
        }
    }

    @Test
    void platformHealthShowsWhatOperatorsNeed() {
        String expressions = expressions(DashboardMetrics.read(DASHBOARDS.resolve("platform-health.json")));
        assertThat(expressions)
                .contains("histogram_quantile(0.5, sum by (le, job, uri) (rate(http_server_requests_seconds_bucket")
                .contains("histogram_quantile(0.99, sum by (le, job, uri) (rate(http_server_requests_seconds_bucket")
                .contains("outcome=~\"CLIENT_ERROR|SERVER_ERROR\"")
                .contains("kafka_consumer_fetch_manager_records_lag_max")
                .contains("cassandra_session_cql_requests_seconds_bucket")
                .contains("allezon_debug_mismatches_total")
                .contains("jvm_memory_used_bytes")
                .contains("jvm_gc_pause_seconds");
    }

    @Test
    void businessReadsTagRatesAndBuyMinutesFromTheApi() {
        JsonNode business = DashboardMetrics.read(DASHBOARDS.resolve("business.json"));
        assertThat(expressions(business)).contains("sum by (action) (rate(allezon_tags_accepted_total");
        List<JsonNode> buyQueries = targets(business).stream()
                .map(Target::query)
                .filter(q -> "/aggregates".equals(q.path("urlPath").asString("")))
                .filter(q -> params(q).contains("action=BUY"))
                .toList();
        assertThat(buyQueries).as("JSON API queries of BUY aggregates").hasSizeGreaterThanOrEqualTo(2);
        for (JsonNode query : buyQueries) {
            assertThat(query.path("method").asString("")).isEqualTo("POST");
            assertThat(params(query)).contains("aggregates=COUNT", "aggregates=SUM_PRICE");
            String range = params(query).stream().filter(p -> p.startsWith("time_range=")).findFirst().orElseThrow();
            // whole minutes, no zone suffix, as /aggregates requires
            assertThat(range).matches("time_range=\\$\\{__from:date:YYYY-MM-DD}T\\$\\{__from:date:HH}:\\$\\{__from:date:mm}:00_"
                    + "\\$\\{__to:date:YYYY-MM-DD}T\\$\\{__to:date:HH}:\\$\\{__to:date:mm}:00");
        }
        Map<String, Object> compose = Yaml.load(Repo.path("docker-compose.yml"));
        Map<String, Object> grafana = Yaml.map(Yaml.map(compose.get("services")).get("grafana"));
        assertThat(String.valueOf(Yaml.map(grafana.get("environment")).get("GF_INSTALL_PLUGINS")))
                .contains("marcusolsson-json-datasource");
    }

    private static Set<String> without(Set<String> all, Set<String> removed) {
        Set<String> rest = new TreeSet<>(all);
        rest.removeAll(removed);
        return rest;
    }

    private static List<String> params(JsonNode query) {
        List<String> params = new ArrayList<>();
        for (JsonNode pair : query.path("params")) {
            params.add(pair.get(0).asString() + "=" + pair.get(1).asString());
        }
        return params;
    }

    private static Map<String, String> provisionedDatasourceTypes() {
        Map<String, Object> provisioning = Yaml.load(Repo.path("deploy/grafana/provisioning/datasources/datasources.yml"));
        return Yaml.list(provisioning, "datasources").stream()
                .map(Yaml::map)
                .collect(Collectors.toMap(d -> (String) d.get("uid"), d -> (String) d.get("type")));
    }

    record Target(String panel, JsonNode datasource, JsonNode query) {
    }

    private static List<Target> targets(JsonNode dashboard) {
        List<Target> targets = new ArrayList<>();
        List<JsonNode> panels = new ArrayList<>();
        collectPanels(dashboard, new ArrayList<>(), panels);
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                JsonNode datasource = target.has("datasource") ? target.get("datasource") : panel.path("datasource");
                targets.add(new Target(panel.path("title").asString(""), datasource, target));
            }
        }
        return targets;
    }

    private static void collectPanels(JsonNode node, List<Integer> ids, List<JsonNode> panels) {
        for (JsonNode panel : node.path("panels")) {
            ids.add(panel.path("id").asInt());
            panels.add(panel);
            collectPanels(panel, ids, panels);
        }
    }

    private static String expressions(JsonNode dashboard) {
        return targets(dashboard).stream()
                .map(t -> t.query().path("expr").asString(""))
                .collect(Collectors.joining("\n"));
    }
}
