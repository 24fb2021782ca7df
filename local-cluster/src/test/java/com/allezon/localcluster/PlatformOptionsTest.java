package com.allezon.localcluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class PlatformOptionsTest {

    @Test
    void theTagPathRunsAtFullPriorityTheStoresBelowItAndAggregatesLowest() {
        Launcher.PlatformOptions defaults = CommandLine.populateCommand(new Launcher.PlatformOptions());

        assertThat(defaults.niceness(Launcher.FRONT)).isZero();
        assertThat(defaults.niceness(KafkaNode.COMPONENT)).isZero();
        assertThat(defaults.niceness(CassandraNode.COMPONENT)).isEqualTo(2);
        assertThat(defaults.niceness(Launcher.PROFILE)).isEqualTo(2);
        assertThat(defaults.niceness(Launcher.AGGREGATE)).isEqualTo(10);
    }

    @Test
    void eachLevelHasItsOwnOption() {
        Launcher.PlatformOptions options = CommandLine.populateCommand(new Launcher.PlatformOptions(),
                "--store-nice", "0", "--background-nice", "7", "--tag-path-nice", "3");

        assertThat(options.niceness(CassandraNode.COMPONENT)).isZero();
        assertThat(options.niceness(Launcher.PROFILE)).isZero();
        assertThat(options.niceness(Launcher.AGGREGATE)).isEqualTo(7);
        assertThat(options.niceness(Launcher.FRONT)).isEqualTo(3);
        assertThat(options.niceness(KafkaNode.COMPONENT)).isEqualTo(3);
    }

    @Test
    void servicesCommitAndTouchTheirWholeHeapAndTheRequestPathHasAShortPauseGoalThatOptionsOverride() {
        Launcher.PlatformOptions options = CommandLine.populateCommand(new Launcher.PlatformOptions(),
                "--service-heap", "384m", "--aggregate-heap", "2g", "--service-jvm-options", "-XX:MaxGCPauseMillis=77");

        assertThat(options.serviceJvmArgs(Launcher.FRONT)).containsSubsequence("-Xms384m", "-Xmx384m",
                ChildProcess.PRETOUCH, "-XX:MaxGCPauseMillis=" + Launcher.REQUEST_PATH_GC_PAUSE_MILLIS,
                // later options win: the user's come last
                "-XX:MaxGCPauseMillis=77");
        assertThat(options.serviceJvmArgs(Launcher.PROFILE)).contains("-Xms384m", "-Xmx384m",
                "-XX:MaxGCPauseMillis=" + Launcher.REQUEST_PATH_GC_PAUSE_MILLIS);
        assertThat(options.serviceJvmArgs(Launcher.AGGREGATE)).contains("-Xms2g", "-Xmx2g", ChildProcess.PRETOUCH)
                .doesNotContain("-XX:MaxGCPauseMillis=" + Launcher.REQUEST_PATH_GC_PAUSE_MILLIS);
    }
}
