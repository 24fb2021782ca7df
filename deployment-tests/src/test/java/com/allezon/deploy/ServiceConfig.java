package com.allezon.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the services' own application.yml files say: their management ports, and whether an environment
 * variable set by a deployment binds to a property they actually have (Spring Boot's relaxed binding:
 * upper case, '.' as '_', '-' dropped or written as '_').
 */
final class ServiceConfig {

    static final Set<String> SERVICES = Set.of("front-service", "profile-service", "aggregate-service");

    /** Spring Boot properties a deployment may set although no application.yml mentions them. */
    private static final Set<String> BOOT_PROPERTIES = Set.of("spring.cassandra.username", "spring.cassandra.password");

    private ServiceConfig() {
    }

    static Map<String, Object> applicationYml(String service) {
        return Yaml.load(Repo.path(service + "/src/main/resources/application.yml"));
    }

    static int managementPort(String service) {
        return ((Number) Yaml.at(applicationYml(service), "management", "server", "port")).intValue();
    }

    static int serverPort(String service) {
        return ((Number) Yaml.at(applicationYml(service), "server", "port")).intValue();
    }

    /** Every property the service's application.yml and the shared defaults define, flattened. */
    static Set<String> properties(String service) {
        Set<String> properties = new TreeSet<>(BOOT_PROPERTIES);
        flatten("", applicationYml(service), properties);
        Path defaults = Repo.path("web-support/src/main/resources/allezon-service-defaults.yml");
        if (Files.isRegularFile(defaults)) {
            flatten("", Yaml.load(defaults), properties);
        }
        return properties;
    }

    static boolean binds(String environmentVariable, String service) {
        for (String property : properties(service)) {
            String upper = property.toUpperCase(Locale.ROOT).replace('.', '_');
            if (environmentVariable.equals(upper.replace("-", "")) || environmentVariable.equals(upper.replace('-', '_'))) {
                return true;
            }
        }
        return false;
    }

    private static void flatten(String prefix, Map<String, Object> node, Set<String> into) {
        node.forEach((key, value) -> {
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map) {
                flatten(name, Yaml.map(value), into);
            } else {
                into.add(name);
            }
        });
    }
}
