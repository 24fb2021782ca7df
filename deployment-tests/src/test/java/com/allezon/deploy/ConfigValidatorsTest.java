package com.allezon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The gateway and Prometheus configurations, checked by the programs that will read them. */
class ConfigValidatorsTest {

    @Test
    void haproxyAcceptsTheGatewayConfig() {
        var haproxy = ExternalTool.require("haproxy", "haproxy");
        var result = ExternalTool.run(List.of(haproxy.toString(), "-c", "-f", "deploy/haproxy/haproxy.cfg"));
        assertThat(result.exitCode()).as("haproxy -c said:\n" + result.output()).isZero();
        assertThat(result.output()).as("warnings are defects too").doesNotContain("[WARNING]");
    }

    @Test
    void promtoolAcceptsThePrometheusConfig() {
        var promtool = ExternalTool.require("prometheus (for promtool)", "promtool");
        var result = ExternalTool.run(List.of(promtool.toString(), "check", "config", "deploy/prometheus/prometheus.yml"));
        assertThat(result.exitCode()).as("promtool check config said:\n" + result.output()).isZero();
    }
}
