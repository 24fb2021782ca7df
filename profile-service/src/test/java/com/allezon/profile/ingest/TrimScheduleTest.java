package com.allezon.profile.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.allezon.model.Action;

class TrimScheduleTest {

    @Test
    void singleWritesTriggerATrimEveryRound() {
        TrimSchedule schedule = new TrimSchedule(64);
        List<Integer> trimmedAt = new ArrayList<>();
        for (int write = 1; write <= 200; write++) {
            if (schedule.recordWrites("cookie", Action.VIEW, 1)) {
                trimmedAt.add(write);
            }
        }
        assertThat(trimmedAt).containsExactly(64, 128, 192);
    }

    @Test
    void aBatchWithManyWritesOfOneKeyTriggersOneTrim() {
        TrimSchedule schedule = new TrimSchedule(64);
        assertThat(schedule.recordWrites("cookie", Action.BUY, 63)).isFalse();
        assertThat(schedule.recordWrites("cookie", Action.BUY, 500)).isTrue();
        // 63 + 500 = 563 leaves 51 toward the next round: 12 more make 63, one more completes it
        assertThat(schedule.recordWrites("cookie", Action.BUY, 12)).isFalse();
        assertThat(schedule.recordWrites("cookie", Action.BUY, 1)).isTrue();
    }

    @Test
    void actionsOfACookieAreCountedApart() {
        TrimSchedule schedule = new TrimSchedule(2);
        assertThat(schedule.recordWrites("cookie", Action.VIEW, 1)).isFalse();
        assertThat(schedule.recordWrites("cookie", Action.BUY, 1)).isFalse();
        assertThat(schedule.recordWrites("cookie", Action.VIEW, 1)).isTrue();
        assertThat(schedule.recordWrites("cookie", Action.BUY, 1)).isTrue();
    }
}
