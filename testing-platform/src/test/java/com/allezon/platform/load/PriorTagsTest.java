package com.allezon.platform.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class PriorTagsTest {

    @Test
    void countsTheViewsAndBuysATargetAlreadyHoldsInTheStreamsFirstMinute() {
        try (TestTarget target = TestTarget.holdingFirstMinute(51_912, 8_088)) {
            assertThat(PriorTags.inFirstMinute(target.uri())).hasValue(60_000);
            assertThat(target.tagsReceived()).isEmpty();
        }
        try (TestTarget empty = TestTarget.holdingFirstMinute(0, 0)) {
            assertThat(PriorTags.inFirstMinute(empty.uri())).hasValue(0);
        }
    }

    @Test
    void asksUnderTheTargetsPathAsTheRunsRequestsGo() {
        try (TestTarget target = new TestTarget((path, expected) -> path.startsWith("/allezon/aggregates?")
                ? "{\"rows\":[[\"2022-03-01T00:00:00\",\"VIEW\",\"2\"]]}" : "{\"rows\":[]}")) {
            assertThat(PriorTags.inFirstMinute(URI.create(target.uri() + "/allezon/"))).hasValue(4);
            assertThat(PriorTags.inFirstMinute(URI.create(target.uri() + "/allezon"))).hasValue(4);
        }
    }

    @Test
    void cannotTellWhenTheTargetGivesNoAggregatesAnswer() throws IOException {
        try (TestTarget echo = TestTarget.perfect()) { // a body-less query gets an empty body
            assertThat(PriorTags.inFirstMinute(echo.uri())).isEmpty();
        }
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThat(PriorTags.inFirstMinute(URI.create("http://127.0.0.1:" + closedPort))).isEmpty();
    }

    @Test
    void readsTheCountFromTheLastColumnOfTheOneRow() {
        assertThat(PriorTags.count("{\"columns\":[\"1m_bucket\",\"action\",\"sum_price\",\"count\"],"
                + "\"rows\":[[\"2022-03-01T00:00:00\",\"VIEW\",\"99\",\"3\"]]}")).hasValue(3);
        assertThat(PriorTags.count("{\"rows\":[[\"2022-03-01T00:00:00\",\"VIEW\",\"0\"]]}")).hasValue(0);
        assertThat(PriorTags.count("{\"rows\":[]}")).isEmpty();
        assertThat(PriorTags.count("{\"rows\":[[\"a\",\"b\",\"x\"]]}")).isEmpty();
        assertThat(PriorTags.count("not json")).isEmpty();
        assertThat(PriorTags.count("")).isEmpty();
        assertThat(PriorTags.count("{\"rows\":[[\"a\",\"1\"],[\"b\",\"2\"]]}")).isEqualTo(OptionalLong.empty());
    }
}
