package com.allezon.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class JitActivityTest {

    @Test
    void anIdleJvmSettlesAndAPassedDeadlineEndsTheWaitUnsettled() {
        long inAMinute = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        assertThat(JitActivity.awaitSettled(Duration.ofMillis(200), 0.5, inAMinute)).isTrue();
        assertThat(JitActivity.awaitSettled(Duration.ofMillis(200), 0.5, System.nanoTime())).isFalse();
    }
}
