package com.allezon.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.allezon.model.InvalidRequestException;
import com.allezon.model.Json;

/**
 * An RFC 9457 problem document written directly as bytes, for the paths that answer below Spring's web
 * layer (the front's public routes). Same members in the same order as {@link ProblemAdvice}'s documents
 * (detail, instance, status, title, type, then extra properties), so a client sees one format whichever
 * layer answered.
 */
public final class ProblemJson {

    public static final String CONTENT_TYPE = "application/problem+json";
    public static final String INVALID_REQUEST_TYPE = "https://allezon.example/problems/invalid-request";

    private ProblemJson() {
    }

    /** A problem without a type (about:blank) and without extra properties. */
    public static byte[] of(int status, String title, String detail, String instance) {
        return of(status, title, detail, instance, null, Map.of());
    }

    /** The 400 for a request that names what is wrong with it, as {@link ProblemAdvice#invalid} answers. */
    public static byte[] invalid(InvalidRequestException e, String instance) {
        return of(400, "Invalid request", e.getMessage(), instance, INVALID_REQUEST_TYPE, Map.of("field", e.field()));
    }

    public static byte[] of(int status, String title, String detail, String instance, String type,
                            Map<String, ?> properties) {
        Map<String, Object> problem = new LinkedHashMap<>();
        if (detail != null) {
            problem.put("detail", detail);
        }
        if (instance != null) {
            problem.put("instance", instance);
        }
        problem.put("status", status);
        problem.put("title", title);
        if (type != null) {
            problem.put("type", type);
        }
        problem.putAll(properties);
        return Json.MAPPER.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
    }
}
