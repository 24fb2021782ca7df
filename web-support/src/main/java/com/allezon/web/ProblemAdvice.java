package com.allezon.web;

import java.net.URI;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

import com.allezon.model.InvalidRequestException;

import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;

/**
 * Every error of every service as one RFC 9457 problem document. Client mistakes are 4xx naming the
 * field; anything unexpected is a 500 carrying an id that is also logged (a Cassandra that cannot answer
 * is a 503: {@link StoreUnavailableAdvice}).
 */
@RestControllerAdvice
public class ProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    public static ResponseEntity<ProblemDetail> problem(HttpStatusCode status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler(InvalidRequestException.class)
    public ResponseEntity<ProblemDetail> invalid(InvalidRequestException e) {
        ResponseEntity<ProblemDetail> response = problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage());
        response.getBody().setType(URI.create("https://allezon.example/problems/invalid-request"));
        response.getBody().setProperty("field", e.field());
        return response;
    }

    @ExceptionHandler(DataBufferLimitException.class)
    public ResponseEntity<ProblemDetail> tooLarge(DataBufferLimitException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "Body too large", e.getMessage());
    }

    @ExceptionHandler(ServerWebInputException.class)
    public ResponseEntity<ProblemDetail> badInput(ServerWebInputException e) {
        if (e.getCause() instanceof DataBufferLimitException limit) {
            return tooLarge(limit);
        }
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getReason());
    }

    @ExceptionHandler(ResponseStatusException.class)
    public ResponseEntity<ProblemDetail> status(ResponseStatusException e) {
        return problem(e.getStatusCode(), e.getStatusCode().toString(), e.getReason());
    }

    /**
     * The client closed the connection while the answer was being written (the front gave up at its
     * timeout): there is nobody left to answer, and it is not a server error.
     */
    @ExceptionHandler(AbortedException.class)
    public Mono<Void> clientGone(AbortedException e) {
        log.debug("Client went away before the answer was written: {}", e.getMessage());
        return Mono.empty();
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception e) {
        String id = UUID.randomUUID().toString();
        log.error("Unexpected error {}", id, e);
        ResponseEntity<ProblemDetail> response =
                problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", "Unexpected error, id " + id);
        response.getBody().setProperty("errorId", id);
        return response;
    }
}
