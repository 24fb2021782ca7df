package com.allezon.model;

public enum Action {
    VIEW, BUY;

    /** Parses an action name exactly as the API spells it; anything else is the client's mistake. */
    public static Action parse(String field, String value) {
        if ("VIEW".equals(value)) {
            return VIEW;
        }
        if ("BUY".equals(value)) {
            return BUY;
        }
        throw new InvalidRequestException(field, field + " must be VIEW or BUY, got " + Json.quote(value));
    }
}
