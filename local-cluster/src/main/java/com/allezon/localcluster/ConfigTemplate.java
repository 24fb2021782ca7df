package com.allezon.localcluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server configuration file kept as a resource under {@code /local-cluster/}, with {@code ${name}}
 * placeholders. The launcher and the integration tests render the same templates.
 */
public final class ConfigTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)}");

    private final String name;
    private final String text;

    private ConfigTemplate(String name, String text) {
        this.name = name;
        this.text = text;
    }

    public static ConfigTemplate load(String resourceName) {
        String path = "/local-cluster/" + resourceName;
        try (InputStream in = ConfigTemplate.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no template resource " + path);
            }
            return new ConfigTemplate(resourceName, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + path, e);
        }
    }

    static ConfigTemplate of(String name, String text) {
        return new ConfigTemplate(name, text);
    }

    /** The template with every placeholder replaced; a placeholder without a value is an error, never left in. */
    public String render(Map<String, ?> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            Object value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("template " + name + " needs a value for ${" + matcher.group(1) + "}");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value.toString()));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    public Path renderTo(Path file, Map<String, ?> values) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, render(values));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
