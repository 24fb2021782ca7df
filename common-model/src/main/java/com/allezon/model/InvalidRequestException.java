package com.allezon.model;

/**
 * A client's mistake in a tag or a query. {@code field} names the offending field or parameter so that
 * the HTTP layer can answer a 400 problem document that tells the client exactly what to fix.
 */
public class InvalidRequestException extends RuntimeException {

    private final String field;

    public InvalidRequestException(String field, String detail) {
        super(detail);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
