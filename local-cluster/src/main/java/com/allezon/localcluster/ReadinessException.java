package com.allezon.localcluster;

/** A node or service did not become ready: it died, or its deadline passed. The message says which. */
public class ReadinessException extends RuntimeException {

    public ReadinessException(String message) {
        super(message);
    }

    public ReadinessException(String message, Throwable cause) {
        super(message, cause);
    }
}
