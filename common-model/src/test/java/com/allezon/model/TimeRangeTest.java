package com.allezon.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeRangeTest {

    static final Instant MARCH_1 = Instant.ofEpochSecond(EventTimesTest.MARCH_1_SECONDS);

    @Test
    void parsesBothEnds() {
        TimeRange range = TimeRange.parse("2022-03-01T00:05:00_2022-03-01T00:06:00.250");
        assertThat(range.from()).isEqualTo(MARCH_1.plusSeconds(300));
        assertThat(range.to()).isEqualTo(MARCH_1.plusSeconds(360).plusMillis(250));
    }

    @Test
    void toleratesTrailingZ() {
        assertThat(TimeRange.parse("2022-03-01T00:05:00.000Z_2022-03-01T00:06:00Z"))
                .isEqualTo(new TimeRange(MARCH_1.plusSeconds(300), MARCH_1.plusSeconds(360)));
    }

    @Test
    void emptyRangeIsAllowedAndContainsNothing() {
        TimeRange range = TimeRange.parse("2022-03-01T00:05:00.000_2022-03-01T00:05:00.000");
        assertThat(range.from()).isEqualTo(range.to());
        assertThat(range.contains(range.from())).isFalse();
        assertThat(range.contains(range.from().minusNanos(1))).isFalse();
    }

    @Test
    void containsIsHalfOpen() {
        TimeRange range = TimeRange.parse("2022-03-01T00:05:00_2022-03-01T00:06:00");
        Instant from = MARCH_1.plusSeconds(300);
        Instant to = MARCH_1.plusSeconds(360);
        assertThat(range.contains(from)).isTrue();
        assertThat(range.contains(from.minusNanos(1))).isFalse();
        assertThat(range.contains(from.minusMillis(1))).isFalse();
        assertThat(range.contains(to.minusNanos(1))).isTrue();
        assertThat(range.contains(to.minusMillis(1))).isTrue();
        assertThat(range.contains(to)).isFalse();
        assertThat(range.contains(to.plusMillis(1))).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "2022-03-01T00:05:00",                                           // no underscore
            "2022-03-01T00:05:00 2022-03-01T00:06:00",
            "2022-03-01T00:05:00_2022-03-01T00:06:00_2022-03-01T00:07:00",   // two underscores
            "2022-03-01T00:05:00__2022-03-01T00:06:00",
            "_2022-03-01T00:06:00",
            "2022-03-01T00:05:00_",
            "_",
            "2022-03-01T00:06:00_2022-03-01T00:05:00",                       // from > to
            "2022-03-01T00:05:00.001_2022-03-01T00:05:00.000",
            "garbage_2022-03-01T00:06:00",
            "2022-03-01T00:05:00_garbage",
            "2022-03-01T00:05:00+01:00_2022-03-01T00:06:00",
    })
    void malformedRangeIsTheClientsMistake(String text) {
        assertThatThrownBy(() -> TimeRange.parse(text))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("time_range"));
    }

    @Test
    void constructingAnInvertedRangeIsRejected() {
        assertThatThrownBy(() -> new TimeRange(MARCH_1.plusNanos(1), MARCH_1))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("time_range"));
    }

    @Test
    void formatParsesBackToTheSameRange() {
        TimeRange range = new TimeRange(MARCH_1.plusMillis(1), MARCH_1.plusSeconds(86_400 + 61).plusMillis(999));
        assertThat(range.format()).isEqualTo("2022-03-01T00:00:00.001_2022-03-02T00:01:01.999");
        assertThat(TimeRange.parse(range.format())).isEqualTo(range);
    }
}
