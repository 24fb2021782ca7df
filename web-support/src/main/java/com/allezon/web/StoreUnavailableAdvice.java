package com.allezon.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.QueryConsistencyException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;

/**
 * The services that read Cassandra answer a store that cannot answer with a 503 problem. Only where the
 * driver is on the classpath (not in front-service), and before {@link ProblemAdvice}, whose catch-all
 * would otherwise make it a 500.
 */
@RestControllerAdvice
@ConditionalOnClass(name = "com.datastax.oss.driver.api.core.DriverException")
@Order(Ordered.HIGHEST_PRECEDENCE)
public class StoreUnavailableAdvice {

    private static final Logger log = LoggerFactory.getLogger(StoreUnavailableAdvice.class);

    /**
     * Cassandra could not answer (no connection, node down or overloaded, timed out): the request was fine
     * and may succeed in a moment, so 503 with Retry-After rather than a 500. Logged without a stack trace,
     * as it comes in bursts.
     */
    @ExceptionHandler({AllNodesFailedException.class, DriverTimeoutException.class, QueryConsistencyException.class,
            UnavailableException.class, OverloadedException.class})
    public ResponseEntity<ProblemDetail> storeUnavailable(DriverException e) {
        log.warn("Store unavailable: {}", e.getMessage());
        ResponseEntity<ProblemDetail> problem = ProblemAdvice.problem(HttpStatus.SERVICE_UNAVAILABLE, "Store unavailable",
                "The data store did not answer in time; try again");
        return ResponseEntity.status(problem.getStatusCode()).headers(problem.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, "1").body(problem.getBody());
    }
}
