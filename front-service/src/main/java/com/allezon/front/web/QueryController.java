package com.allezon.front.web;

import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
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
    public Mono<ResponseEntity<byte[]>> profile(ServerHttpRequest request) {
        return forwarder.forward(properties.profileServiceUrl(), request, properties.profileTimeout());
    }

    @PostMapping("/aggregates")
    public Mono<ResponseEntity<byte[]>> aggregates(ServerHttpRequest request) {
        return forwarder.forward(properties.aggregateServiceUrl(), request, properties.aggregateTimeout());
    }
}
