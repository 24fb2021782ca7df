package com.allezon.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The warm-up settings bind from configuration as the services write them (a second constructor once broke that). */
class WarmupPropertiesTest {

    @Test
    void bindsEverySettingFromConfiguration() {
        Map<String, String> config = Map.of(
                "allezon.warmup.requests", "1500",
                "allezon.warmup.max-duration", "10s",
                "allezon.warmup.concurrency", "4",
                "allezon.warmup.calls[0].method", "POST",
                "allezon.warmup.calls[0].path", "/user_tags",
                "allezon.warmup.calls[0].body", "{}",
                "allezon.warmup.await-reachable[0]", "http://127.0.0.1:8081",
                "allezon.warmup.await-patience", "60s");

        WarmupProperties warmup = new Binder(new MapConfigurationPropertySource(config))
                .bind("allezon.warmup", WarmupProperties.class).get();

        assertThat(warmup).isEqualTo(new WarmupProperties(1500, Duration.ofSeconds(10), 4,
                List.of(new WarmupProperties.Call("POST", "/user_tags", "{}")),
                List.of(URI.create("http://127.0.0.1:8081")), Duration.ofSeconds(60)));
    }

    @Test
    void withoutForwardingTargetsNothingIsAwaited() {
        WarmupProperties warmup = new Binder(new MapConfigurationPropertySource(Map.of("allezon.warmup.requests", "3")))
                .bind("allezon.warmup", WarmupProperties.class).get();

        assertThat(warmup.awaitReachable()).isEmpty();
        assertThat(warmup.calls()).isEmpty();
        assertThat(warmup.requests()).isEqualTo(3);
    }
}
