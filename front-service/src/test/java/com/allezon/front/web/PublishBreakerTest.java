package com.allezon.front.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class PublishBreakerTest {

    @Test
    void opensOnlyAfterTheGivenNumberOfFailuresInARow() {
        PublishBreaker breaker = new PublishBreaker(3, Duration.ofHours(1));
        breaker.failed();
        breaker.failed();
        assertThat(breaker.isOpen()).isFalse();
        breaker.succeeded();
        breaker.failed();
        breaker.failed();
        assertThat(breaker.isOpen()).as("a success in between resets the count").isFalse();
        breaker.failed();
        assertThat(breaker.isOpen()).isTrue();
    }

    @Test
    void closesWhenThePauseIsOverOrOnASuccess() {
        PublishBreaker expired = new PublishBreaker(1, Duration.ZERO);
        expired.failed();
        assertThat(expired.isOpen()).isFalse();

        PublishBreaker open = new PublishBreaker(1, Duration.ofHours(1));
        open.failed();
        assertThat(open.isOpen()).isTrue();
        open.succeeded();
        assertThat(open.isOpen()).isFalse();
    }
}
