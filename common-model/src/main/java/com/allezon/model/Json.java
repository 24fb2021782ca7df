package com.allezon.model;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper of the platform: plain, no pretty printing, field order preserved. */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    /** A string as a JSON literal, for messages and for hand-assembled JSON. */
    public static String quote(String s) {
        return s == null ? "null" : MAPPER.writeValueAsString(s);
    }
}
