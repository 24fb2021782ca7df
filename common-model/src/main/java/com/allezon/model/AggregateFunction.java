package com.allezon.model;

/** What an aggregates query may ask for, named in responses the way the API spells columns. */
public enum AggregateFunction {
    COUNT("count"), SUM_PRICE("sum_price");

    private final String column;

    AggregateFunction(String column) {
        this.column = column;
    }

    public String column() {
        return column;
    }

    public static AggregateFunction parse(String value) {
        for (AggregateFunction f : values()) {
            if (f.name().equals(value)) {
                return f;
            }
        }
        throw new InvalidRequestException("aggregates",
                "aggregates must be COUNT or SUM_PRICE, got " + Json.quote(value));
    }
}
