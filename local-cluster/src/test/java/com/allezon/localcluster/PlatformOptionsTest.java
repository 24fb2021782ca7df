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
        assertThat(defaults.niceness(CassandraNode.COMPONENT)).isEqualTo(4);
        assertThat(defaults.niceness(Launcher.PROFILE)).isEqualTo(4);
        assertThat(defaults.niceness(Launcher.AGGREGATE)).isEqualTo(10);
    }

    @Test
    void eachLevelHasItsOwnOption() {
        Launcher.PlatformOptions options = CommandLine.populateCommand(new Launcher.PlatformOptions(),
                "--store-nice", "0", "--background-nice", "7");

        assertThat(options.niceness(CassandraNode.COMPONENT)).isZero();
        assertThat(options.niceness(Launcher.PROFILE)).isZero();
        assertThat(options.niceness(Launcher.AGGREGATE)).isEqualTo(7);
        assertThat(options.niceness(Launcher.FRONT)).isZero();
    }
}
