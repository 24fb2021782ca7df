package com.allezon.platform.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SenderWarmupTest {

    @Test
    @SuppressWarnings("unchecked")
    void theWarmUpRunsTheWholeSendAndScorePathAndScoresTheEchosFaultsAndNothingElseAsFailures() {
        Map<String, Object> report = SenderWarmup.run(1_000, 7, Duration.ofSeconds(60)).report(1);

        Map<String, Object> tags = (Map<String, Object>) report.get("tags");
        // the whole scratch run: every tag due within its length at its rate; every FAULT_EVERY-th one refused
        long sent = SenderWarmup.RATE * SenderWarmup.LENGTH.toSeconds();
        assertThat((long) tags.get("sent")).isEqualTo(sent);
        assertThat((long) tags.get("dropped")).isEqualTo(sent / SenderWarmup.FAULT_EVERY);
        assertThat((long) tags.get("accepted")).isEqualTo(sent - sent / SenderWarmup.FAULT_EVERY);
        for (String kind : List.of("profiles", "aggregates")) {
            Map<String, Object> queries = (Map<String, Object>) report.get(kind);
            long asked = (long) queries.get("sent");
            long faults = asked / SenderWarmup.FAULT_EVERY;
            assertThat(faults).as(kind + " faults").isPositive();
            assertThat((long) queries.get("correct")).as(kind).isEqualTo(asked - faults);
            // a wrong answer counts as stale where a refused tag may explain it
            assertThat((long) queries.get("wrong") + (long) queries.get("stale")).as(kind).isEqualTo(faults);
            assertThat((long) queries.get("timeouts")).as(kind).isZero();
        }
    }
}
