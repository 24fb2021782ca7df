package com.allezon.front.web;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.allezon.front.config.FrontProperties;
import com.allezon.front.publish.TagPublisher;
import com.allezon.model.Action;
import com.allezon.model.UserTag;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Use case 1: {@code POST /user_tags} answers 204 only once the tag is acknowledged by Kafka; a tag the
 * broker did not acknowledge within the publish timeout is a 503 (send it again), a bad one a 400.
 */
@Component
public class TagIntake {

    private static final Logger log = LoggerFactory.getLogger(TagIntake.class);

    private final TagPublisher publisher;
    private final int maxTagBytes;
    private final Duration publishTimeout;
    private final Counter acceptedViews;
    private final Counter acceptedBuys;
    private final Counter unavailable;
    private final PublishBreaker breaker;

    public TagIntake(TagPublisher publisher, FrontProperties properties, MeterRegistry registry) {
        this.publisher = publisher;
        this.maxTagBytes = properties.maxTagBytes();
        this.publishTimeout = properties.publishTimeout();
        this.breaker = new PublishBreaker(properties.breakerFailures(), properties.breakerPause());
        this.acceptedViews = accepted(registry, "VIEW");
        this.acceptedBuys = accepted(registry, "BUY");
        this.unavailable = Counter.builder("allezon.tags.unavailable")
                .description("Tags refused with 503 because the broker did not acknowledge them in time")
                .register(registry);
    }

    private static Counter accepted(MeterRegistry registry, String action) {
        return Counter.builder("allezon.tags.accepted")
                .description("Tags acknowledged by Kafka and answered 204")
                .tag("action", action)
                .register(registry);
    }

    Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        return Responses.body(request, maxTagBytes)
                .map(UserTag::parse)
                .flatMap(tag -> breaker.isOpen() ? Mono.just(false) : stored(tag))
                .flatMap(stored -> stored ? Responses.noContent(response)
                        : notStored(request, response))
                .onErrorResume(e -> Responses.failure(e, request, response));
    }

    /** True once the broker acknowledged the tag; false when it failed or did not within the timeout. */
    private Mono<Boolean> stored(UserTag tag) {
        // firstWithSignal rather than timeout(): the latter names its source chain on every subscription
        return Mono.firstWithSignal(publisher.publish(tag),
                        Mono.delay(publishTimeout).then(Mono.error(TimeoutException::new)))
                .then(Mono.fromSupplier(() -> {
                    breaker.succeeded();
                    (tag.action() == Action.BUY ? acceptedBuys : acceptedViews).increment();
                    return true;
                }))
                .onErrorResume(e -> {
                    breaker.failed();
                    if (!(e instanceof TimeoutException)) {
                        log.warn("Tag not stored: {}", e.toString());
                    }
                    return Mono.just(false);
                });
    }

    private Mono<Void> notStored(HttpServerRequest request, HttpServerResponse response) {
        unavailable.increment();
        return Responses.problem(response, 503, "Tag not stored",
                "Kafka did not acknowledge the tag in time; send it again", Responses.rawPath(request));
    }
}
