package com.allezon.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void aPlainSelectorIsItsName() {
        assertThat(PromQl.metricNames("process_cpu_usage")).containsExactly("process_cpu_usage");
        assertThat(PromQl.metricNames("process_cpu_usage{job=~\"$service\"}")).containsExactly("process_cpu_usage");
    }

    @Test
    void functionsAggregationsAndGroupingLabelsAreNotNames() {
        String p99 = "histogram_quantile(0.99, sum by (le, job, uri) "
                + "(rate(http_server_requests_seconds_bucket{uri!~\"/actuator.*\"}[$__rate_interval])))";
        assertThat(PromQl.metricNames(p99)).containsExactly("http_server_requests_seconds_bucket");
        assertThat(PromQl.metricNames("sum(rate(a_total[5m])) without (instance)")).containsExactly("a_total");
        assertThat(PromQl.metricNames("max by(job)(kafka_lag)")).containsExactly("kafka_lag");
    }

    @Test
    void binaryExpressionsYieldEveryOperand() {
        String ratio = "sum(rate(errors_total[1m])) / ignoring(status) group_left(uri) sum(rate(requests_total[1m]))"
                + " > bool 0.5 and on (job) up unless absent(other_metric)";
        assertThat(PromQl.metricNames(ratio))
                .containsExactlyInAnyOrder("errors_total", "requests_total", "up", "other_metric");
    }

    @Test
    void stringsDurationsNumbersAndVariablesAreNotNames() {
        String expr = "label_replace(rate(x_total[${__range}] offset 5m), \"dst\", \"$1\", \"src\", \"(.*)\")"
                + " * 1e-3 + 0x1F - 2.5 + $scale + inf";
        assertThat(PromQl.metricNames(expr)).containsExactly("x_total");
        assertThat(PromQl.metricNames("increase(y_total[$__rate_interval:1m])")).containsExactly("y_total");
    }

    @Test
    void aNameMatcherIsAName() {
        assertThat(PromQl.metricNames("{__name__=\"jvm_memory_used_bytes\", area=\"heap\"}"))
                .containsExactly("jvm_memory_used_bytes");
        assertThat(PromQl.metricNames("sum({\"odd.name\", job=\"a\"})")).containsExactly("odd.name");
    }

    @Test
    void labelValuesThatLookLikeNamesAreNot() {
        assertThat(PromQl.metricNames("m{a=\"not_a_metric\", b=~\"sum(x)\"}")).containsExactly("m");
    }

    @Test
    void anUnbalancedExpressionIsRejected() {
        assertThatThrownBy(() -> PromQl.metricNames("rate(x[5m]"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PromQl.metricNames("x{job=\"a\""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void variableQueriesOfGrafana() {
        assertThat(DashboardMetrics.metricNamesOfVariableQuery("label_values(process_cpu_usage{job!=\"x\"}, job)"))
                .containsExactly("process_cpu_usage");
        assertThat(DashboardMetrics.metricNamesOfVariableQuery("label_values(job)")).isEmpty();
        assertThat(DashboardMetrics.metricNamesOfVariableQuery("query_result(topk(3, rate(a_total[5m])))"))
                .containsExactly("a_total");
    }
}
