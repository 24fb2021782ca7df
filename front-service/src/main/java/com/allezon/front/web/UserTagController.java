package com.allezon.front.web;

import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import com.allezon.front.config.FrontProperties;
import com.allezon.front.publish.TagPublisher;
import com.allezon.model.InvalidRequestException;
import com.allezon.model.UserTag;
import com.allezon.web.ProblemAdvice;
import com.allezon.web.RequestBodies;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/** Use case 1: {@code POST /user_tags} answers 204 only once the tag is acknowledged by Kafka. */
@RestController
public class UserTagController {

    private static final Logger log = LoggerFactory.getLogger(UserTagController.class);

    private final TagPublisher publisher;
    private final FrontProperties properties;
    private final Counter acceptedViews;
    private final Counter acceptedBuys;
    private final Counter unavailable;
    private final PublishBreaker breaker;

    public UserTagController(TagPublisher publisher, FrontProperties properties, MeterRegistry registry) {
        this.publisher = publisher;
        this.properties = properties;
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

    @PostMapping("/user_tags")
    public Mono<ResponseEntity<?>> collect(ServerHttpRequest request) {
        return RequestBodies.read(request, properties.maxTagBytes())
                .map(UserTag::parse)
                .flatMap(tag -> breaker.isOpen()
                        ? Mono.<ResponseEntity<?>>just(notStored())
                        : publisher.publish(tag)
                        .timeout(properties.publishTimeout())
                        .then(Mono.fromRunnable(() -> {
                            breaker.succeeded();
                            countAccepted(tag);
                        }))
                        .<ResponseEntity<?>>thenReturn(ResponseEntity.noContent().build())
                        .onErrorResume(e -> !(e instanceof InvalidRequestException), e -> {
                            breaker.failed();
                            if (!(e instanceof TimeoutException)) {
                                log.warn("Tag not stored: {}", e.toString());
                            }
                            return Mono.just(notStored());
                        }));
    }

    private void countAccepted(UserTag tag) {
        (tag.action() == com.allezon.model.Action.BUY ? acceptedBuys : acceptedViews).increment();
    }

    private ResponseEntity<ProblemDetail> notStored() {
        unavailable.increment();
        return ProblemAdvice.problem(HttpStatus.SERVICE_UNAVAILABLE,
                "Tag not stored", "Kafka did not acknowledge the tag in time; send it again");
    }
}
