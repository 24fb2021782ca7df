package com.allezon.web;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.allezon.model.Json;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Debug mode: a query may carry the answer its sender expects. The service's answer never depends on
 * it; a difference is logged briefly and counted in {@code allezon_debug_mismatches_total{query}}.
 */
@Component
public class DebugAnswerCheck {

    private static final Logger log = LoggerFactory.getLogger(DebugAnswerCheck.class);
    private static final int MAX_SHOWN = 160;

    private final MeterRegistry registry;

    public DebugAnswerCheck(MeterRegistry registry) {
        this.registry = registry;
        // registered up front so dashboards see a zero, not a missing series, before the first mismatch
        mismatches("profiles");
        mismatches("aggregates");
    }

    /** @return true when there was an expectation and it differed */
    public boolean check(String query, String request, String computed, byte[] expectedBody) {
        if (expectedBody == null || expectedBody.length == 0) {
            return false;
        }
        // the usual case, byte for byte the same: no need to parse either (a profile answer can be 100 KB)
        if (Arrays.equals(expectedBody, computed.getBytes(StandardCharsets.UTF_8))) {
            return false;
        }
        String difference;
        try {
            difference = firstDifference("", Json.MAPPER.readTree(expectedBody), Json.MAPPER.readTree(computed));
        } catch (JacksonException e) {
            difference = "expected body is not JSON";
        }
        if (difference == null) {
            return false;
        }
        mismatches(query).increment();
        log.warn("Debug mismatch on {} {}: {}", query, request, difference);
        return true;
    }

    public Counter mismatches(String query) {
        return Counter.builder("allezon.debug.mismatches")
                .description("Debug-mode queries whose expected answer differed from the computed one")
                .tag("query", query)
                .register(registry);
    }

    /** The JSON pointer of the first difference with both values, or null when the trees are equal. */
    static String firstDifference(String path, JsonNode expected, JsonNode actual) {
        if (expected.equals(actual)) {
            return null;
        }
        if (expected.isArray() && actual.isArray()) {
            int n = Math.min(expected.size(), actual.size());
            for (int i = 0; i < n; i++) {
                String d = firstDifference(path + "/" + i, expected.get(i), actual.get(i));
                if (d != null) {
                    return d;
                }
            }
            return (path.isEmpty() ? "/" : path) + ": expected " + expected.size() + " elements, computed "
                    + actual.size();
        }
        if (expected.isObject() && actual.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode other = actual.get(e.getKey());
                if (other == null) {
                    return path + "/" + e.getKey() + ": missing in computed answer";
                }
                String d = firstDifference(path + "/" + e.getKey(), e.getValue(), other);
                if (d != null) {
                    return d;
                }
            }
            return (path.isEmpty() ? "/" : path) + ": computed answer has extra fields";
        }
        return (path.isEmpty() ? "/" : path) + ": expected " + shorten(expected.toString())
                + ", computed " + shorten(actual.toString());
    }

    private static String shorten(String s) {
        return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN) + "...";
    }
}
