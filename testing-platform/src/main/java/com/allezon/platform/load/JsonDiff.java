package com.allezon.platform.load;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.allezon.model.Json;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Compares answers as JSON values and, when they differ, says where in a few readable lines. */
public final class JsonDiff {

    static final int MAX_LINES = 6;
    private static final int MAX_VALUE_CHARS = 160;

    private JsonDiff() {
    }

    /** Empty when {@code actual} is the same JSON value as {@code expected}. */
    public static List<String> diff(String expected, String actual) {
        if (expected.equals(actual)) {
            return List.of();
        }
        JsonNode e = Json.MAPPER.readTree(expected);
        JsonNode a;
        try {
            a = Json.MAPPER.readTree(actual);
        } catch (JacksonException ex) {
            return List.of("$: the answer is not JSON: " + shorten(actual));
        }
        List<String> lines = new ArrayList<>();
        walk(e, a, "$", lines);
        return lines;
    }

    private static void walk(JsonNode e, JsonNode a, String path, List<String> lines) {
        if (lines.size() >= MAX_LINES || e.equals(a)) {
            return;
        }
        if (e.isObject() && a.isObject()) {
            Set<String> names = new LinkedHashSet<>(e.propertyNames());
            names.addAll(a.propertyNames());
            for (String name : names) {
                if (!a.has(name)) {
                    lines.add(path + "." + name + ": missing");
                } else if (!e.has(name)) {
                    lines.add(path + "." + name + ": not expected, got " + shorten(a.get(name).toString()));
                } else {
                    walk(e.get(name), a.get(name), path + "." + name, lines);
                }
                if (lines.size() >= MAX_LINES) {
                    return;
                }
            }
        } else if (e.isArray() && a.isArray()) {
            if (e.size() != a.size()) {
                lines.add(path + ": " + e.size() + " elements expected, " + a.size() + " given");
            }
            for (int i = 0; i < Math.min(e.size(), a.size()) && lines.size() < MAX_LINES; i++) {
                walk(e.get(i), a.get(i), path + "[" + i + "]", lines);
            }
        } else {
            lines.add(path + ": expected " + shorten(e.toString()) + ", got " + shorten(a.toString()));
        }
    }

    static String shorten(String s) {
        return s.length() <= MAX_VALUE_CHARS ? s : s.substring(0, MAX_VALUE_CHARS) + "…(" + s.length() + " chars)";
    }
}
