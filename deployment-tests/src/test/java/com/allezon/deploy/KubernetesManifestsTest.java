package com.allezon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Renders every kustomization under k8s/ and checks what a cluster would receive: each Deployment is
 * probed, sized, replicated or autoscaled and covered by a disruption budget; the wiring between the
 * services, the Strimzi Kafka and the K8ssandra Cassandra agrees; no secret is committed.
 */
class KubernetesManifestsTest {

    /** Deployments that run one replica on purpose (state in memory); documented in their manifest. */
    private static final Set<String> SINGLETONS = Set.of("testing-platform");
    private static final Set<String> CONSUMERS = Set.of("profile-service", "aggregate-service");

    private static Path renderer;

    @BeforeAll
    static void findRenderer() {
        renderer = ExternalTool.require("kubectl (or kustomize)", "kubectl", "kustomize");
    }

    @Test
    void thereIsABaseAndTwoOverlays() {
        assertThat(kustomizations()).extracting(dir -> Repo.ROOT.relativize(dir).toString())
                .contains("k8s/base", "k8s/overlays/local", "k8s/overlays/production");
    }

    @TestFactory
    Stream<DynamicContainer> everyKustomization() {
        return kustomizations().stream().map(dir -> {
            String name = Repo.ROOT.relativize(dir).toString();
            Manifests manifests = render(dir);
            return DynamicContainer.dynamicContainer(name, Stream.of(
                    DynamicTest.dynamicTest("deployments are probed, sized, replicated and budgeted", () -> deployments(manifests)),
                    DynamicTest.dynamicTest("services, ingress and configuration are wired", () -> wiring(manifests)),
                    DynamicTest.dynamicTest("Kafka through Strimzi in KRaft, user-tags RF 3 / min ISR 2", () -> kafka(manifests)),
                    DynamicTest.dynamicTest("Cassandra through K8ssandra with a matching replication factor", () -> cassandra(manifests)),
                    DynamicTest.dynamicTest("no secret values", () -> noSecrets(manifests))));
        });
    }

    @Test
    void productionRunsThreeCassandraNodesWithKeyspaceRf3() {
        Manifests production = render(Repo.path("k8s/overlays/production"));
        assertThat(datacenter(production).get("size")).isEqualTo(3);
        assertThat(production.configValue("ALLEZON_CASSANDRA_REPLICATION_FACTOR")).isEqualTo("3");
        for (Map<String, Object> hpa : production.ofKind("HorizontalPodAutoscaler")) {
            assertThat(((Number) Yaml.at(hpa, "spec", "minReplicas")).intValue()).isGreaterThanOrEqualTo(3);
        }
    }

    private static void deployments(Manifests m) {
        List<Map<String, Object>> deployments = m.ofKind("Deployment");
        assertThat(deployments).extracting(Manifests::name).containsAll(ServiceConfig.SERVICES);
        for (Map<String, Object> deployment : deployments) {
            String name = Manifests.name(deployment);
            Map<String, Object> podLabels = Yaml.map(Yaml.at(deployment, "spec", "template", "metadata", "labels"));
            assertThat(podLabels).as(name + " pod labels").containsAllEntriesOf(
                    Yaml.map(Yaml.at(deployment, "spec", "selector", "matchLabels")));
            for (Object c : (List<?>) Yaml.at(deployment, "spec", "template", "spec", "containers")) {
                Map<String, Object> container = Yaml.map(c);
                String where = name + "/" + container.get("name");
                for (String probe : List.of("readinessProbe", "livenessProbe")) {
                    assertThat(Yaml.at(container, probe, "httpGet", "path")).as(where + " " + probe).isNotNull();
                    Object port = Yaml.at(container, probe, "httpGet", "port");
                    assertThat(containerPorts(container)).as(where + " " + probe + " port " + port).containsKey(String.valueOf(port));
                }
                for (String resource : List.of("cpu", "memory")) {
                    assertThat(Yaml.at(container, "resources", "requests", resource)).as(where + " requests." + resource).isNotNull();
                }
                assertThat(Yaml.at(container, "resources", "limits", "memory")).as(where + " limits.memory").isNotNull();
                if (ServiceConfig.SERVICES.contains(name)) {
                    int management = ServiceConfig.managementPort(name);
                    assertThat(containerPorts(container)).as(where).containsEntry("management", management);
                    assertThat(Yaml.at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
                    assertThat(Yaml.at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
                    assertThat(Yaml.at(deployment, "spec", "template", "metadata", "annotations", "prometheus.io/port"))
                            .as(where + " scrape port").isEqualTo(String.valueOf(management));
                }
            }
            if (SINGLETONS.contains(name)) {
                assertThat(Yaml.at(deployment, "spec", "replicas")).as(name).isEqualTo(1);
                continue;
            }
            Map<String, Object> hpa = m.ofKind("HorizontalPodAutoscaler").stream()
                    .filter(h -> "Deployment".equals(Yaml.at(h, "spec", "scaleTargetRef", "kind"))
                            && name.equals(Yaml.at(h, "spec", "scaleTargetRef", "name")))
                    .findFirst().orElse(null);
            int replicas = ((Number) Objects.requireNonNullElse(Yaml.at(deployment, "spec", "replicas"), 1)).intValue();
            int floor = hpa == null ? replicas : ((Number) Yaml.at(hpa, "spec", "minReplicas")).intValue();
            assertThat(floor).as(name + ": replicas, or the HPA's minReplicas").isGreaterThanOrEqualTo(2);
            if (hpa != null) {
                assertThat(Yaml.at(hpa, "apiVersion")).isEqualTo("autoscaling/v2");
                assertThat(((Number) Yaml.at(hpa, "spec", "maxReplicas")).intValue()).isGreaterThanOrEqualTo(floor);
            }
            List<Map<String, Object>> budgets = m.ofKind("PodDisruptionBudget").stream()
                    .filter(pdb -> podLabels.entrySet().containsAll(
                            Yaml.map(Yaml.at(pdb, "spec", "selector", "matchLabels")).entrySet()))
                    .toList();
            assertThat(budgets).as(name + " is selected by a PodDisruptionBudget").hasSize(1);
            Object minAvailable = Yaml.at(budgets.get(0), "spec", "minAvailable");
            if (minAvailable instanceof Number min) {
                assertThat(min.intValue()).as(name + " PDB minAvailable below the replica floor").isLessThan(floor);
            }
        }
    }

    private static void wiring(Manifests m) {
        for (Map<String, Object> service : m.ofKind("Service")) {
            Map<String, Object> selector = Yaml.map(Yaml.at(service, "spec", "selector"));
            List<Map<String, Object>> selected = m.ofKind("Deployment").stream()
                    .filter(d -> Yaml.map(Yaml.at(d, "spec", "template", "metadata", "labels")).entrySet()
                            .containsAll(selector.entrySet()))
                    .toList();
            assertThat(selected).as("Service " + Manifests.name(service) + " selects a Deployment").isNotEmpty();
        }
        List<Map<String, Object>> ingresses = m.ofKind("Ingress");
        assertThat(ingresses).as("a single entry point").hasSize(1);
        List<?> paths = (List<?>) Yaml.at(Yaml.map(((List<?>) Yaml.at(ingresses.get(0), "spec", "rules")).get(0)), "http", "paths");
        assertThat(paths).hasSize(1);
        assertThat(Yaml.at(Yaml.map(paths.get(0)), "backend", "service", "name")).isEqualTo("front-service");

        for (Map<String, Object> deployment : m.ofKind("Deployment")) {
            String name = Manifests.name(deployment);
            for (Object c : (List<?>) Yaml.at(deployment, "spec", "template", "spec", "containers")) {
                Map<String, Object> container = Yaml.map(c);
                for (Object from : Yaml.list(container, "envFrom")) {
                    String configMap = (String) Yaml.at(Yaml.map(from), "configMapRef", "name");
                    Map<String, Object> data = m.configMap(configMap);
                    assertThat(data).as(name + " reads ConfigMap " + configMap).isNotNull();
                    if (ServiceConfig.SERVICES.contains(name)) {
                        for (String variable : data.keySet()) {
                            assertThat(ServiceConfig.binds(variable, name))
                                    .as(name + ": " + variable + " binds to no property of its application.yml").isTrue();
                        }
                    }
                }
            }
        }
        assertThat(m.configValue("ALLEZON_FRONT_PROFILE_SERVICE_URL"))
                .isEqualTo("http://profile-service:" + ServiceConfig.serverPort("profile-service"));
        assertThat(m.configValue("ALLEZON_FRONT_AGGREGATE_SERVICE_URL"))
                .isEqualTo("http://aggregate-service:" + ServiceConfig.serverPort("aggregate-service"));
    }

    private static void kafka(Manifests m) {
        List<Map<String, Object>> clusters = m.ofKind("Kafka");
        assertThat(clusters).hasSize(1);
        Map<String, Object> kafka = clusters.get(0);
        String cluster = Manifests.name(kafka);
        assertThat(Yaml.at(kafka, "metadata", "annotations", "strimzi.io/kraft")).isEqualTo("enabled");
        assertThat(Yaml.at(kafka, "metadata", "annotations", "strimzi.io/node-pools")).isEqualTo("enabled");
        assertThat(Yaml.at(kafka, "spec", "kafka", "config", "min.insync.replicas")).isEqualTo(2);

        int brokers = 0;
        for (Map<String, Object> pool : m.ofKind("KafkaNodePool")) {
            assertThat(Yaml.at(pool, "metadata", "labels", "strimzi.io/cluster")).isEqualTo(cluster);
            if (((List<?>) Yaml.at(pool, "spec", "roles")).contains("broker")) {
                brokers += ((Number) Yaml.at(pool, "spec", "replicas")).intValue();
            }
        }
        Map<String, Object> topic = m.ofKind("KafkaTopic").stream()
                .filter(t -> "user-tags".equals(Manifests.name(t))).findFirst().orElseThrow();
        assertThat(Yaml.at(topic, "metadata", "labels", "strimzi.io/cluster")).isEqualTo(cluster);
        assertThat(Yaml.at(topic, "spec", "replicas")).isEqualTo(3);
        assertThat(Yaml.at(topic, "spec", "config", "min.insync.replicas")).isEqualTo(2);
        assertThat(brokers).as("brokers to hold 3 replicas").isGreaterThanOrEqualTo(3);
        int partitions = ((Number) Yaml.at(topic, "spec", "partitions")).intValue();
        for (Map<String, Object> hpa : m.ofKind("HorizontalPodAutoscaler")) {
            if (CONSUMERS.contains(Yaml.at(hpa, "spec", "scaleTargetRef", "name"))) {
                assertThat(((Number) Yaml.at(hpa, "spec", "maxReplicas")).intValue())
                        .as(Manifests.name(hpa) + ": consumers beyond the partition count would idle").isLessThanOrEqualTo(partitions);
            }
        }
        assertThat(m.configValue("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo(cluster + "-kafka-bootstrap:9092");
    }

    private static void cassandra(Manifests m) {
        Map<String, Object> cluster = m.ofKind("K8ssandraCluster").get(0);
        Map<String, Object> dc = datacenter(m);
        String dcName = (String) Yaml.at(dc, "metadata", "name");
        int size = ((Number) dc.get("size")).intValue();
        assertThat(Integer.parseInt(m.configValue("ALLEZON_CASSANDRA_REPLICATION_FACTOR")))
                .as("keyspace replication factor within the datacenter's " + size + " nodes").isBetween(1, size);
        assertThat(m.configValue("SPRING_CASSANDRA_LOCAL_DATACENTER")).isEqualTo(dcName);
        assertThat(m.configValue("SPRING_CASSANDRA_CONTACT_POINTS"))
                .isEqualTo(Manifests.name(cluster) + "-" + dcName + "-service:9042");
        for (String service : CONSUMERS) {
            Map<String, Object> container = Yaml.map(((List<?>) Yaml.at(m.named("Deployment", service),
                    "spec", "template", "spec", "containers")).get(0));
            List<Object> secretNames = Yaml.list(container, "env").stream()
                    .map(e -> Yaml.at(Yaml.map(e), "valueFrom", "secretKeyRef", "name")).toList();
            assertThat(secretNames).as(service + " credentials from the operator's superuser Secret")
                    .contains(Manifests.name(cluster) + "-superuser");
        }
    }

    private static void noSecrets(Manifests m) {
        assertThat(m.documents()).extracting(d -> d.get("kind")).doesNotContain("Secret");
        for (Map<String, Object> deployment : m.ofKind("Deployment")) {
            for (Object c : (List<?>) Yaml.at(deployment, "spec", "template", "spec", "containers")) {
                for (Object e : Yaml.list(Yaml.map(c), "env")) {
                    Map<String, Object> env = Yaml.map(e);
                    if (String.valueOf(env.get("name")).matches("(?i).*(PASSWORD|SECRET|TOKEN).*")) {
                        assertThat(env).as(env.get("name") + " comes from a Secret").doesNotContainKey("value");
                    }
                }
            }
        }
    }

    private static Map<String, Object> datacenter(Manifests m) {
        List<Map<String, Object>> clusters = m.ofKind("K8ssandraCluster");
        assertThat(clusters).hasSize(1);
        List<?> datacenters = (List<?>) Yaml.at(clusters.get(0), "spec", "cassandra", "datacenters");
        assertThat(datacenters).hasSize(1);
        return Yaml.map(datacenters.get(0));
    }

    private static Map<String, Integer> containerPorts(Map<String, Object> container) {
        Map<String, Integer> ports = new java.util.HashMap<>();
        for (Object p : Yaml.list(container, "ports")) {
            int number = ((Number) Yaml.map(p).get("containerPort")).intValue();
            ports.put(String.valueOf(number), number);
            if (Yaml.map(p).get("name") != null) {
                ports.put((String) Yaml.map(p).get("name"), number);
            }
        }
        return ports;
    }

    private static List<Path> kustomizations() {
        try (Stream<Path> files = Files.walk(Repo.path("k8s"))) {
            return files.filter(f -> f.getFileName().toString().equals("kustomization.yaml"))
                    .map(Path::getParent).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Manifests render(Path dir) {
        List<String> command = renderer.getFileName().toString().equals("kustomize")
                ? List.of(renderer.toString(), "build", dir.toString())
                : List.of(renderer.toString(), "kustomize", dir.toString());
        ExternalTool.Result result = ExternalTool.run(command);
        assertThat(result.exitCode()).as(String.join(" ", command) + " said:\n" + result.output()).isZero();
        return new Manifests(Yaml.loadAll(result.output()));
    }

    record Manifests(List<Map<String, Object>> documents) {

        static String name(Map<String, Object> document) {
            return (String) Yaml.at(document, "metadata", "name");
        }

        List<Map<String, Object>> ofKind(String kind) {
            return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        }

        Map<String, Object> named(String kind, String name) {
            return ofKind(kind).stream().filter(d -> name.equals(name(d))).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
        }

        Map<String, Object> configMap(String name) {
            return ofKind("ConfigMap").stream().filter(d -> name.equals(name(d)))
                    .map(d -> Yaml.map(d.get("data"))).findFirst().orElse(null);
        }

        /** The one value a key has across all ConfigMaps (it must not be defined twice differently). */
        String configValue(String key) {
            List<Object> values = new ArrayList<>();
            for (Map<String, Object> configMap : ofKind("ConfigMap")) {
                Object value = Yaml.map(configMap.get("data")).get(key);
                if (value != null) {
                    values.add(value);
                }
            }
            assertThat(values).as("ConfigMap values of " + key).hasSize(1);
            return String.valueOf(values.get(0));
        }
    }
}
