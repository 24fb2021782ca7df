package com.allezon.platform.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import com.allezon.model.UserTag;
import com.allezon.platform.stream.TagGenerator;

class LoadRunLifecycleTest {

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    @Test
    void pauseStopsTheStreamResumeContinuesItWithoutGapsAndCloseIsFinal() throws Exception {
        try (TestTarget target = TestTarget.perfect()) {
            Budgets generous = new Budgets(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30));
            LoadRun run = new LoadRun(target.uri(), 1_000, 5, null, generous);
            run.start();
            await("some tags", () -> target.tagsReceived().size() >= 300);

            run.pause();
            assertThat(run.state()).isEqualTo(LoadRun.State.PAUSED);
            long sentAtPause = run.scoreboard().tagsGenerated();
            await("tags in flight", () -> target.tagsReceived().size() == sentAtPause);
            // an observation window, not a readiness wait: at 1000 tags/s a running sender would send ~300 tags
            LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
            assertThat(target.tagsReceived().size()).isEqualTo((int) sentAtPause);
            assertThatThrownBy(run::pause).isInstanceOf(IllegalStateException.class);

            run.resume();
            assertThat(run.state()).isEqualTo(LoadRun.State.RUNNING);
            await("tags after resume", () -> target.tagsReceived().size() >= sentAtPause + 300);

            run.close();
            assertThat(run.state()).isEqualTo(LoadRun.State.CLOSED);
            assertThatThrownBy(run::resume).isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot resume a closed subscription");
            assertThatThrownBy(run::start).isInstanceOf(IllegalStateException.class);
            assertThat(run.awaitTermination(Duration.ofSeconds(30))).isTrue();
            assertThat(run.state()).isEqualTo(LoadRun.State.CLOSED);
            assertThat(run.scoreboard().report(0, 0).get("tags")).isEqualTo(
                    java.util.Map.of("sent", run.scoreboard().tagsGenerated(), "accepted", run.scoreboard().tagsGenerated(), "dropped", 0L));

            // the stream went on where it stopped: every tag once, in event-time order from the start
            List<Long> times = target.tagsReceived().stream()
                    .map(json -> UserTag.parse(json).instant().toEpochMilli() - TagGenerator.START.toEpochMilli())
                    .sorted().toList();
            for (int i = 0; i < times.size(); i++) {
                assertThat(times.get(i)).isEqualTo(i);
            }
            assertThat(times.size()).isEqualTo(run.scoreboard().tagsGenerated());
        }
    }

    @Test
    void aCreatedSubscriptionCanBeClosedButNotPausedOrResumed() throws Exception {
        LoadRun run = new LoadRun(java.net.URI.create("http://127.0.0.1:9"), 10, 1, null);
        assertThatThrownBy(run::pause).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(run::resume).isInstanceOf(IllegalStateException.class);
        run.close();
        assertThat(run.awaitTermination(Duration.ofSeconds(1))).isTrue();
        assertThatThrownBy(run::start).isInstanceOf(IllegalStateException.class);
    }
}
