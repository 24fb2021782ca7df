package com.allezon.platform.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SenderWarmupTest {

    @Test
    @SuppressWarnings("unchecked")
    void theWarmUpRunsTheWholeSendAndScorePathAndEveryAnswerOfTheEchoIsCorrect() {
        Map<String, Object> report = SenderWarmup.run(1_000, 7, Duration.ofSeconds(60)).report(1);

        Map<String, Object> tags = (Map<String, Object>) report.get("tags");
        Map<String, Object> profiles = (Map<String, Object>) report.get("profiles");
        Map<String, Object> aggregates = (Map<String, Object>) report.get("aggregates");
        // the whole scratch run: every tag due within its length at its rate
        assertThat((long) tags.get("sent")).isEqualTo(SenderWarmup.RATE * SenderWarmup.LENGTH.toSeconds());
        assertThat(tags.get("accepted")).isEqualTo(tags.get("sent"));
        assertThat((long) profiles.get("sent")).isPositive();
        assertThat(profiles.get("correct")).isEqualTo(profiles.get("sent"));
        assertThat((long) aggregates.get("sent")).isPositive();
        assertThat(aggregates.get("correct")).isEqualTo(aggregates.get("sent"));
    }
}
