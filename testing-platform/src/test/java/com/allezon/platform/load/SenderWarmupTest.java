package com.allezon.platform.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SenderWarmupTest {

    @Test
    @SuppressWarnings("unchecked")
    void theWarmUpRunsTheWholeSendAndScorePathAndScoresTheEchosFaultsAndLateAnswersAndNothingElseAsFailures() {
        Map<String, Object> report;
        try (SenderWarmup.Warmed warmed = SenderWarmup.run(1_000, 7, Duration.ofSeconds(60))) {
            report = warmed.scoreboard().report(1, 1);
        }

        Map<String, Object> tags = (Map<String, Object>) report.get("tags");
        // the whole scratch run: every tag due within its length at its rate; every FAULT_EVERY-th one refused,
        // every LATE_EVERY-th one that is no fault answered past its budget
        long sent = SenderWarmup.RATE * SenderWarmup.LENGTH.toSeconds();
        long tagFaults = sent / SenderWarmup.FAULT_EVERY;
        long lateTags = late(sent);
        assertThat(lateTags).isPositive();
        assertThat((long) tags.get("sent")).isEqualTo(sent);
        assertThat((long) tags.get("dropped")).isEqualTo(tagFaults + lateTags);
        assertThat((long) tags.get("accepted")).isEqualTo(sent - tagFaults - lateTags);
        for (String kind : List.of("profiles", "aggregates")) {
            Map<String, Object> queries = (Map<String, Object>) report.get(kind);
            long asked = (long) queries.get("sent");
            long faults = asked / SenderWarmup.FAULT_EVERY;
            assertThat(faults).as(kind + " faults").isPositive();
            assertThat((long) queries.get("correct")).as(kind).isEqualTo(asked - faults - late(asked));
            // a wrong answer counts as stale where a refused tag may explain it
            assertThat((long) queries.get("wrong") + (long) queries.get("stale")).as(kind).isEqualTo(faults);
            assertThat((long) queries.get("timeouts")).as(kind).isEqualTo(late(asked));
        }
        Map<String, Object> profiles = (Map<String, Object>) report.get("profiles");
        assertThat(late((long) profiles.get("sent"))).as("late profile answers").isPositive();
    }

    /** Of requests 1..n of a kind: multiples of LATE_EVERY that are not multiples of FAULT_EVERY. */
    private static long late(long n) {
        return n / SenderWarmup.LATE_EVERY - n / ((long) SenderWarmup.LATE_EVERY * SenderWarmup.FAULT_EVERY);
    }
}
