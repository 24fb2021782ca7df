package com.allezon.model;

import java.util.List;
import java.util.Map;

/** Reads query-string parameters the way every endpoint wants them: each at most once. */
final class QueryParameters {

    private QueryParameters() {
    }

    static String optionalSingle(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new InvalidRequestException(name, name + " must be given at most once");
        }
        return values.get(0);
    }

    static String requiredSingle(Map<String, List<String>> params, String name) {
        String value = optionalSingle(params, name);
        if (value == null) {
            throw new InvalidRequestException(name, name + " is required");
        }
        return value;
    }
}
