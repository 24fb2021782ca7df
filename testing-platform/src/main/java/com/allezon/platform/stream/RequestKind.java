package com.allezon.platform.stream;

public enum RequestKind {
    TAG("tag"), PROFILE("profile"), AGGREGATES("aggregates");

    private final String label;

    RequestKind(String label) {
        this.label = label;
    }

    /** The name used in dumps, reports and the panel. */
    public String label() {
        return label;
    }
}
