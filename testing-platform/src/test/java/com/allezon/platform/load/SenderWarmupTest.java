package com.allezon.platform.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.allezon.platform.stream.PlatformRequest;
import com.allezon.platform.stream.RequestKind;
import com.allezon.platform.stream.RequestStream;

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

    @Test
    void theScratchStreamsQueriesAskAboutVisibleDataFromTheFirst() {
        RequestStream stream = new RequestStream(~7L, SenderWarmup.RATE);
        stream.fastForward(SenderWarmup.fastForwardTags(SenderWarmup.RATE));
        Pattern nonZeroAggregate = Pattern.compile("\"[1-9][0-9]*\"]");
        int profiles = 0;
        int profilesWithTags = 0;
        int aggregates = 0;
        int aggregatesWithTags = 0;
        while (aggregates < 10) {
            PlatformRequest request = stream.next();
            if (request.kind() == RequestKind.PROFILE) {
                profiles++;
                profilesWithTags += request.body().endsWith("\"views\":[],\"buys\":[]}") ? 0 : 1;
            } else if (request.kind() == RequestKind.AGGREGATES) {
                aggregates++;
                aggregatesWithTags += nonZeroAggregate.matcher(request.body()).find() ? 1 : 0;
            }
        }
        // as in a real run past its first minute: most profiles and aggregates have something in them
        assertThat(profilesWithTags).as("of %d profiles", profiles).isGreaterThan(profiles / 2);
        assertThat(aggregatesWithTags).as("of %d aggregates", aggregates).isGreaterThan(aggregates / 2);
    }

    /** Of requests 1..n of a kind: multiples of LATE_EVERY that are not multiples of FAULT_EVERY. */
    private static long late(long n) {
        return n / SenderWarmup.LATE_EVERY - n / ((long) SenderWarmup.LATE_EVERY * SenderWarmup.FAULT_EVERY);
    }
}
