package com.allezon.aggregate.web;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import com.allezon.aggregate.storage.AggregateReader;
import com.allezon.model.AggregateAnswer;
import com.allezon.model.AggregateQuery;
import com.allezon.web.DebugAnswerCheck;
import com.allezon.web.RequestBodies;

import reactor.core.publisher.Mono;

/** {@code POST /aggregates}: one series of 1-minute buckets, read from Cassandra (SPEC use case 3). */
@RestController
public class AggregatesController {

    /** Debug-mode bodies carry a whole expected answer: up to a week of rows. */
    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    private final AggregateReader reader;
    private final DebugAnswerCheck debug;

    public AggregatesController(AggregateReader reader, DebugAnswerCheck debug) {
        this.reader = reader;
        this.debug = debug;
    }

    @PostMapping("/aggregates")
    public Mono<ResponseEntity<String>> aggregates(ServerHttpRequest request) {
        AggregateQuery query = AggregateQuery.parse(request.getQueryParams());
        return RequestBodies.read(request, MAX_BODY_BYTES)
                .zipWith(reader.minuteTotals(query.key(), query.fromMinute(), query.toMinute()))
                .map(bodyAndTotals -> {
                    String answer = AggregateAnswer.render(query, bodyAndTotals.getT2()::get);
                    debug.check("aggregates", request.getURI().getRawQuery(), answer, bodyAndTotals.getT1());
                    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answer);
                });
    }
}
