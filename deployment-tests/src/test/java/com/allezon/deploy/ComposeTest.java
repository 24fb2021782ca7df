package com.allezon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** docker-compose.yml: valid for Compose, and the cluster it describes is the one we mean. */
class ComposeTest {

    private static final Map<String, Object> COMPOSE = Yaml.load(Repo.path("docker-compose.yml"));
    private static final Map<String, Object> SERVICES = Yaml.map(COMPOSE.get("services"));
    private static final Set<String> ONE_SHOT = Set.of("kafka-init", "cassandra-init");

    @Test
    void composeAcceptsTheFile() throws Exception {
        var dockerCompose = ExternalTool.require("docker-compose", "docker-compose");
        var result = ExternalTool.run(List.of(dockerCompose.toString(), "-f", "docker-compose.yml", "config", "-q"));
        assertThat(result.exitCode()).as("docker-compose config -q said:\n" + result.output()).isZero();
    }

    @Test
    void threeKraftNodesFormOneQuorum() {
        Map<String, Map<String, Object>> brokers = servicesWithImage("apache/kafka", ONE_SHOT);
        assertThat(brokers).hasSize(3);
        Set<String> nodeIds = new TreeSet<>();
        Set<String> voters = new TreeSet<>();
        Set<String> clusterIds = new TreeSet<>();
        brokers.forEach((name, broker) -> {
            Map<String, Object> env = environment(broker);
            assertThat(env.get("KAFKA_PROCESS_ROLES")).as(name).isEqualTo("broker,controller");
            assertThat(env.get("KAFKA_MIN_INSYNC_REPLICAS")).as(name).isEqualTo("2");
            assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).as(name).isEqualTo("PLAINTEXT://" + name + ":9092");
            nodeIds.add(env.get("KAFKA_NODE_ID") + "@" + name + ":9093");
            voters.add(String.valueOf(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS")));
            clusterIds.add(String.valueOf(env.get("CLUSTER_ID")));
            assertThat(broker.get("volumes")).as(name + " keeps its log on a volume").isNotNull();
        });
        assertThat(voters).hasSize(1);
        assertThat(Set.of(voters.iterator().next().split(","))).isEqualTo(nodeIds);
        assertThat(clusterIds).hasSize(1);
        // Kafka's storage tool wants a base64url UUID: 16 bytes, 22 characters
        assertThat(clusterIds.iterator().next()).matches("[A-Za-z0-9_-]{22}");
    }

    @Test
    void topicInitCreatesReplicatedTopicsBeforeTheServices() {
        String script = String.join("\n", stringList(Yaml.map(SERVICES.get("kafka-init")).get("command")));
        assertThat(script).contains("user-tags").contains("--replication-factor 3").contains("min.insync.replicas=2");
        for (String service : ServiceConfig.SERVICES) {
            assertThat(Yaml.at(Yaml.map(SERVICES.get(service)), "depends_on", "kafka-init", "condition"))
                    .as(service).isEqualTo("service_completed_successfully");
        }
    }

    @Test
    void cassandraClusterAndKeyspaceAgreeWithTheServices() {
        Map<String, Map<String, Object>> nodes = servicesWithImage("cassandra", ONE_SHOT);
        assertThat(nodes).hasSizeGreaterThanOrEqualTo(2);
        Set<String> datacenters = new TreeSet<>();
        nodes.forEach((name, node) -> {
            Map<String, Object> env = environment(node);
            datacenters.add(String.valueOf(env.get("CASSANDRA_DC")));
            assertThat(SERVICES).containsKey(String.valueOf(env.get("CASSANDRA_SEEDS")));
            assertThat(env.get("CASSANDRA_ENDPOINT_SNITCH")).isEqualTo("GossipingPropertyFileSnitch");
        });
        assertThat(datacenters).hasSize(1);
        String dc = datacenters.iterator().next();

        String cql = String.join(" ", stringList(Yaml.map(SERVICES.get("cassandra-init")).get("entrypoint")));
        Matcher keyspace = Pattern.compile("CREATE KEYSPACE IF NOT EXISTS allezon WITH replication = "
                + "\\{'class': 'NetworkTopologyStrategy', '" + dc + "': (\\d+)}").matcher(cql);
        assertThat(keyspace.find()).as(cql).isTrue();
        int replicationFactor = Integer.parseInt(keyspace.group(1));
        assertThat(replicationFactor).isGreaterThanOrEqualTo(2).isLessThanOrEqualTo(nodes.size());

        for (String service : List.of("profile-service", "aggregate-service")) {
            Map<String, Object> env = environment(Yaml.map(SERVICES.get(service)));
            assertThat(env.get("SPRING_CASSANDRA_LOCAL_DATACENTER")).as(service).isEqualTo(dc);
            assertThat(env.get("ALLEZON_CASSANDRA_REPLICATION_FACTOR")).as(service).isEqualTo(String.valueOf(replicationFactor));
            for (String contactPoint : String.valueOf(env.get("SPRING_CASSANDRA_CONTACT_POINTS")).split(",")) {
                assertThat(nodes).as(service + " contact point " + contactPoint).containsKey(contactPoint.split(":")[0]);
            }
            assertThat(Yaml.at(Yaml.map(SERVICES.get(service)), "depends_on", "cassandra-init", "condition"))
                    .as(service).isEqualTo("service_completed_successfully");
        }
    }

    @Test
    void eachServiceRunsTwiceFromTheSharedDockerfileWithItsOwnManagementPort() {
        for (String service : ServiceConfig.SERVICES) {
            Map<String, Object> definition = Yaml.map(SERVICES.get(service));
            assertThat(((Number) Yaml.at(definition, "deploy", "replicas")).intValue()).as(service).isGreaterThanOrEqualTo(2);
            assertThat(definition).as(service + " is scaled, so it must not pin a name or host port")
                    .doesNotContainKeys("container_name", "ports");
            assertThat(Yaml.at(definition, "build", "dockerfile")).isEqualTo("deploy/docker/Dockerfile");
            assertThat(Yaml.at(definition, "build", "args", "SERVICE")).isEqualTo(service);
            assertThat(Yaml.at(definition, "build", "args", "MANAGEMENT_PORT"))
                    .as(service + " health check port").isEqualTo(String.valueOf(ServiceConfig.managementPort(service)));
            for (String variable : environment(definition).keySet()) {
                assertThat(ServiceConfig.binds(variable, service))
                        .as(service + ": " + variable + " binds to no property of its application.yml").isTrue();
            }
        }
        assertThat(Files.isRegularFile(Repo.path("deploy/docker/Dockerfile"))).isTrue();
    }

    @Test
    void everyLongRunningContainerHasAMemoryLimitAndAHealthCheck() {
        SERVICES.forEach((name, value) -> {
            Map<String, Object> service = Yaml.map(value);
            if (ONE_SHOT.contains(name)) {
                assertThat(service.get("restart")).as(name).isEqualTo("no");
                return;
            }
            assertThat(Yaml.at(service, "deploy", "resources", "limits", "memory")).as(name + " memory limit").isNotNull();
            boolean builtHere = "deploy/docker/Dockerfile".equals(Yaml.at(service, "build", "dockerfile"));
            assertThat(builtHere || service.containsKey("healthcheck"))
                    .as(name + " has a health check (its own or the Dockerfile's HEALTHCHECK)").isTrue();
        });
    }

    @Test
    void dependenciesWaitForHealthOrCompletion() {
        SERVICES.forEach((name, value) -> {
            Object dependsOn = Yaml.map(value).get("depends_on");
            if (dependsOn == null) {
                return;
            }
            assertThat(dependsOn).as(name + ": depends_on must name conditions").isInstanceOf(Map.class);
            Yaml.map(dependsOn).forEach((dependency, condition) -> {
                assertThat(SERVICES).as(name + " depends on " + dependency).containsKey(dependency);
                String expected = ONE_SHOT.contains(dependency) ? "service_completed_successfully" : "service_healthy";
                assertThat(Yaml.map(condition).get("condition")).as(name + " -> " + dependency).isEqualTo(expected);
            });
        });
    }

    @Test
    void onlyTheGatewayIsPublic() {
        Map<String, List<String>> published = new LinkedHashMap<>();
        SERVICES.forEach((name, value) -> published.put(name, stringList(Yaml.map(value).get("ports"))));
        assertThat(published.get("gateway")).containsExactly("8080:8080");
        published.forEach((name, ports) -> {
            if (!name.equals("gateway")) {
                assertThat(ports).as(name + " publishes only on the host's loopback").allMatch(p -> p.startsWith("127.0.0.1:"));
            }
        });
    }

    @Test
    void gatewayAndPrometheusReachEveryReplicaOnTheRightPorts() throws Exception {
        String haproxy = Files.readString(Repo.path("deploy/haproxy/haproxy.cfg"));
        Map<String, Object> prometheus = Yaml.load(Repo.path("deploy/prometheus/prometheus.yml"));
        Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
        for (Object job : Yaml.list(prometheus, "scrape_configs")) {
            jobs.put((String) Yaml.map(job).get("job_name"), Yaml.map(job));
        }
        for (String service : ServiceConfig.SERVICES) {
            int port = ServiceConfig.serverPort(service);
            int management = ServiceConfig.managementPort(service);
            assertThat(haproxy).as("HAProxy template for " + service)
                    .containsPattern("server-template \\S+ \\d+ " + service + ":" + port + " check port " + management);
            Map<String, Object> discovery = Yaml.map(Yaml.list(jobs.get(service), "dns_sd_configs").get(0));
            assertThat(discovery.get("names")).as(service).isEqualTo(List.of(service));
            assertThat(discovery.get("port")).as(service + " scrape port").isEqualTo(management);
            assertThat(jobs.get(service).get("metrics_path")).isEqualTo("/actuator/prometheus");
        }
        Map<String, Object> front = environment(Yaml.map(SERVICES.get("front-service")));
        assertThat(front.get("ALLEZON_FRONT_PROFILE_SERVICE_URL")).isEqualTo("http://gateway:8081");
        assertThat(front.get("ALLEZON_FRONT_AGGREGATE_SERVICE_URL")).isEqualTo("http://gateway:8082");
        assertThat(haproxy).containsPattern("frontend profile-service\\s+bind :8081\\s+default_backend profile-service");
        assertThat(haproxy).containsPattern("frontend aggregate-service\\s+bind :8082\\s+default_backend aggregate-service");
        assertThat(haproxy).containsPattern("frontend public\\s+bind :8080\\s+default_backend front-service");
    }

    private static Map<String, Map<String, Object>> servicesWithImage(String imagePrefix, Set<String> except) {
        Map<String, Map<String, Object>> matching = new LinkedHashMap<>();
        SERVICES.forEach((name, value) -> {
            Map<String, Object> service = Yaml.map(value);
            if (!except.contains(name) && String.valueOf(service.get("image")).startsWith(imagePrefix + ":")) {
                matching.put(name, service);
            }
        });
        return matching;
    }

    private static Map<String, Object> environment(Map<String, Object> service) {
        Object env = service.get("environment");
        return env == null ? Map.of() : Yaml.map(env);
    }

    private static List<String> stringList(Object node) {
        List<String> strings = new ArrayList<>();
        if (node instanceof List<?> list) {
            list.forEach(item -> strings.add(String.valueOf(item)));
        } else if (node != null) {
            strings.add(String.valueOf(node));
        }
        return strings;
    }
}
