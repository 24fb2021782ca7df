package com.allezon.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EventTimesTest {

    /** 2022-03-01T00:00:00Z, worked out by hand: 19052 days after the epoch. */
    static final long MARCH_1_SECONDS = 19_052L * 86_400L;
    static final long MARCH_1_MINUTE = MARCH_1_SECONDS / 60;

    @ParameterizedTest
    @CsvSource({
            "2022-03-01T00:00:00Z,           0",
            "2022-03-01T00:00:00.6Z,         600000000",
            "2022-03-01T00:00:00.649Z,       649000000",
            "2022-03-01T00:00:00.000Z,       0",
            "2022-03-01T00:00:00.649123Z,    649123000",
            "2022-03-01T00:00:00.649123456Z, 649123456",
            "2022-03-01T00:00:00.000000001Z, 1",
    })
    void tagTimeWithAnyFractionDigitsDenotesTheRightInstant(String text, int nanos) {
        assertThat(EventTimes.parseTagTime("time", text)).isEqualTo(Instant.ofEpochSecond(MARCH_1_SECONDS, nanos));
    }

    @Test
    void tagTimeKeepsDateAndTimeFields() {
        // 2022-12-31T23:59 is minute 27875519; plus 59.999 s
        assertThat(EventTimes.parseTagTime("time", "2022-12-31T23:59:59.999Z"))
                .isEqualTo(Instant.ofEpochSecond(27_875_519L * 60 + 59, 999_000_000));
    }

    @Test
    void tagTimesOfDifferentPrecisionOrderByInstant() {
        Instant half = EventTimes.parseTagTime("time", "2022-03-01T00:00:00.5Z");
        Instant halfMillis = EventTimes.parseTagTime("time", "2022-03-01T00:00:00.500Z");
        Instant halfAndANano = EventTimes.parseTagTime("time", "2022-03-01T00:00:00.500000001Z");
        assertThat(half).isEqualTo(halfMillis).isBefore(halfAndANano);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2022-03-01T00:00:00.000",            // no Z
            "2022-03-01T00:00:00",                // no Z, no fraction
            "2022-03-01T00:00:00.000+01:00",      // offset instead of Z
            "2022-03-01T00:00:00+00:00",
            "2022-03-01T00:00:00.0000000001Z",    // 10 fraction digits
            "2022-03-01T00:00:00.Z",              // dot without digits
            "garbage",
            "2022-03-01 00:00:00.000Z",
            "2022-03-01T00:00:00.000z",
            "2022-03-01T00:00Z",
            "2022-02-30T00:00:00.000Z",           // no such day
            "2022-03-01T25:00:00.000Z",
            "2022-03-01T24:00:00Z",               // hour 24 is not a time of day
            "2022-03-01T23:59:60.500Z",           // no leap seconds
            " 2022-03-01T00:00:00.000Z",
            "1646092800000",
    })
    void malformedTagTimeIsTheClientsMistakeNamingTheField(String text) {
        assertThatThrownBy(() -> EventTimes.parseTagTime("time", text))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("time"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void missingTagTimeIsTheClientsMistake(String text) {
        assertThatThrownBy(() -> EventTimes.parseTagTime("my_field", text))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("my_field"));
    }

    @ParameterizedTest
    @CsvSource({
            "2022-03-01T00:05:00,      300000",
            "2022-03-01T00:05:00.000,  300000",
            "2022-03-01T00:05:00.123,  300123",
            "2022-03-01T00:05:00Z,     300000",
            "2022-03-01T00:05:00.000Z, 300000",
            "2022-03-01T00:00:00,      0",
    })
    void queryDatetimeIsUtcWithOrWithoutMillis(String text, long millisAfterMarch1) {
        assertThat(EventTimes.parseQueryTime("time_range", text))
                .isEqualTo(Instant.ofEpochMilli(MARCH_1_SECONDS * 1000 + millisAfterMarch1));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"garbage", "2022-03-01T00:05:00+01:00", "2022-03-01 00:05:00", "2022-03-01",
            "2022-13-01T00:05:00", "2022-03-01T00:05:00.0000000001", "2022-03-01T00:05:00ZZ"})
    void malformedQueryDatetimeNamesTheField(String text) {
        assertThatThrownBy(() -> EventTimes.parseQueryTime("time_range", text))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("time_range"));
    }

    @ParameterizedTest
    @CsvSource({
            "27434880, 2022-03-01T00:00:00",
            "27434881, 2022-03-01T00:01:00",
            "27434945, 2022-03-01T01:05:00",
            "27436319, 2022-03-01T23:59:00",
            "27436320, 2022-03-02T00:00:00",
            "27875519, 2022-12-31T23:59:00",
            "27875520, 2023-01-01T00:00:00",
            "28486834, 2024-02-29T12:34:00",
            "0,        1970-01-01T00:00:00",
            "-1,       1969-12-31T23:59:00",
    })
    void bucketIsTheMinutesStartWithoutZoneOrFraction(long epochMinute, String expected) {
        assertThat(EventTimes.formatBucket(epochMinute)).isEqualTo(expected);
    }

    @Test
    void epochMinuteFloorsAndMinuteStartInverts() {
        assertThat(EventTimes.epochMinute(Instant.ofEpochSecond(MARCH_1_SECONDS))).isEqualTo(MARCH_1_MINUTE);
        assertThat(EventTimes.epochMinute(Instant.ofEpochSecond(MARCH_1_SECONDS + 59, 999_999_999)))
                .isEqualTo(MARCH_1_MINUTE);
        assertThat(EventTimes.epochMinute(Instant.ofEpochSecond(MARCH_1_SECONDS + 60))).isEqualTo(MARCH_1_MINUTE + 1);
        assertThat(EventTimes.epochMinute(Instant.ofEpochSecond(-1))).isEqualTo(-1);
        assertThat(EventTimes.minuteStart(MARCH_1_MINUTE + 5)).isEqualTo(Instant.ofEpochSecond(MARCH_1_SECONDS + 300));
    }

    @Test
    void epochNanosAreExact() {
        assertThat(EventTimes.toEpochNanos(Instant.ofEpochSecond(MARCH_1_SECONDS, 1)))
                .isEqualTo(1_646_092_800_000_000_001L);
        assertThat(EventTimes.toEpochNanos(Instant.EPOCH)).isZero();
        assertThat(EventTimes.fromEpochNanos(-1)).isEqualTo(Instant.ofEpochSecond(-1, 999_999_999));
        assertThat(EventTimes.fromEpochNanos(1_646_092_800_649_000_000L))
                .isEqualTo(Instant.ofEpochSecond(MARCH_1_SECONDS, 649_000_000));
    }

    @Test
    void epochNanosRoundTripAndKeepOrder() {
        Random random = new Random(7);
        Instant previous = null;
        for (int i = 0; i < 10_000; i++) {
            // anywhere from 1900 to 2200
            Instant t = Instant.ofEpochSecond(-2_208_988_800L + (long) (random.nextDouble() * 9_466_848_000L),
                    random.nextInt(1_000_000_000));
            long nanos = EventTimes.toEpochNanos(t);
            assertThat(EventTimes.fromEpochNanos(nanos)).isEqualTo(t);
            if (previous != null) {
                assertThat(Long.signum(Long.compare(nanos, EventTimes.toEpochNanos(previous))))
                        .isEqualTo(Integer.signum(t.compareTo(previous)));
            }
            previous = t;
        }
    }

    @Test
    void formatsAreParsedBackByTheirParsers() {
        Instant t = Instant.ofEpochSecond(MARCH_1_SECONDS + 3723, 45_000_000);
        assertThat(EventTimes.formatQueryTime(t)).isEqualTo("2022-03-01T01:02:03.045");
        assertThat(EventTimes.formatTagTime(t)).isEqualTo("2022-03-01T01:02:03.045Z");
        assertThat(EventTimes.formatTagTime(Instant.ofEpochSecond(MARCH_1_SECONDS))).isEqualTo("2022-03-01T00:00:00.000Z");
        assertThat(EventTimes.parseQueryTime("t", EventTimes.formatQueryTime(t))).isEqualTo(t);
        assertThat(EventTimes.parseTagTime("t", EventTimes.formatTagTime(t))).isEqualTo(t);
    }
}
