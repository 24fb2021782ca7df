package com.allezon.front.web;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import com.allezon.front.config.FrontProperties;

import reactor.core.publisher.Mono;

/** Use cases 2 and 3 reach the public port here and are answered by their owning services. */
@RestController
public class QueryController {

    private final QueryForwarder forwarder;
    private final FrontProperties properties;

    public QueryController(QueryForwarder forwarder, FrontProperties properties) {
        this.forwarder = forwarder;
        this.properties = properties;
    }

    @PostMapping("/user_profiles/{cookie}")
    public Mono<Void> profile(ServerHttpRequest request, ServerHttpResponse response) {
        return forwarder.forward(properties.profileServiceUrl(), request, response, properties.profileTimeout());
    }

    @PostMapping("/aggregates")
    public Mono<Void> aggregates(ServerHttpRequest request, ServerHttpResponse response) {
        return forwarder.forward(properties.aggregateServiceUrl(), request, response, properties.aggregateTimeout());
    }
}
