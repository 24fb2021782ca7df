package com.allezon.front.publish;

import com.allezon.model.UserTag;

import reactor.core.publisher.Mono;

/** Where accepted tags go. Completes only once the tag is durably stored. */
public interface TagPublisher {

    Mono<Void> publish(UserTag tag);
}
