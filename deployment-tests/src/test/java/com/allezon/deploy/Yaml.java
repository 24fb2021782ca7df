package com.allezon.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;

/** Reading YAML files and documents as plain maps and lists. */
final class Yaml {

    private Yaml() {
    }

    private static org.yaml.snakeyaml.Yaml parser() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new org.yaml.snakeyaml.Yaml(options);
    }

    static Map<String, Object> load(Path file) {
        try {
            return map(parser().load(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a multi-document stream, such as kustomize's output. */
    static List<Map<String, Object>> loadAll(String text) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : parser().loadAll(text)) {
            if (document != null) {
                documents.add(map(document));
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof Map)) {
            throw new IllegalArgumentException("expected a mapping, got " + node);
        }
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> parent, String key) {
        Object node = parent.get(key);
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof List)) {
            throw new IllegalArgumentException("expected a list at " + key + ", got " + node);
        }
        return (List<Object>) node;
    }

    /** The node at a path of keys, or null when any step is absent. */
    static Object at(Map<String, Object> root, String... keys) {
        Object node = root;
        for (String key : keys) {
            if (!(node instanceof Map)) {
                return null;
            }
            node = ((Map<?, ?>) node).get(key);
        }
        return node;
    }
}
