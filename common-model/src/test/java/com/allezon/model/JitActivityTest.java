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

    @Test
    void aPeriodDecidesOnlyOnceItHasRunAndItsVerdictHoldsUntilTheNext() {
        JitActivity activity = JitActivity.start();
        assertThat(activity.settled(Duration.ofHours(1), Double.MAX_VALUE)).isFalse();
        assertThat(activity.settled(Duration.ZERO, Double.MAX_VALUE)).isTrue();
        assertThat(activity.settled(Duration.ofHours(1), 0)).isTrue();
        assertThat(activity.settled(Duration.ZERO, 0)).isFalse();
    }
}
