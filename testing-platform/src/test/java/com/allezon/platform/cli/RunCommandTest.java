package com.allezon.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.allezon.platform.load.Budgets;
import com.allezon.platform.load.Scoreboard;
import com.allezon.platform.load.TestTarget;

import picocli.CommandLine;

class RunCommandTest {

    @Test
    void scoresAreRoundedDownSoThatAnyMissIsVisible() {
        assertThat(RunCommand.percentDown(300_000, 300_000)).isEqualTo("100.00%");
        assertThat(RunCommand.percentDown(299_998, 300_000)).isEqualTo("99.99%");
        assertThat(RunCommand.percentDown(2, 3)).isEqualTo("66.66%");
        assertThat(RunCommand.percentDown(1, 20)).isEqualTo("5.00%");
        assertThat(RunCommand.percentDown(0, 7)).isEqualTo("0.00%");
    }

    @Test
    void theSummaryTellsTheSendingTimeApartFromTheTimeSinceTheStart() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("sender_warm_up_seconds", 14.2);
        report.putAll(new Scoreboard(Budgets.CONTRACT).report(316.1, 300.0));

        String summary = RunCommand.summary(report);

        assertThat(summary).contains("sent in 300.0 s").contains("316.1 s since the start, 14.2 s of them the sender's warm-up");
    }

    @Test
    void refusesToRunAgainstATargetThatAlreadyHoldsTagsOfTheStreamsDay() {
        try (TestTarget target = TestTarget.holdingFirstMinute(3, 1)) {
            int exit = new CommandLine(new RunCommand()).execute("--target", target.uri().toString(), "--rate", "100",
                    "--duration", "2s");

            assertThat(exit).isEqualTo(RunCommand.PRIOR_TAGS);
            assertThat(target.tagsReceived()).isEmpty();
        }
    }
}
