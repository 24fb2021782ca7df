package com.allezon.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileQueryTest {

    static final String RANGE = "2022-03-01T00:05:00.000_2022-03-01T00:06:00.000";

    static Map<String, List<String>> params(String limit) {
        Map<String, List<String>> params = new HashMap<>();
        params.put("time_range", List.of(RANGE));
        if (limit != null) {
            params.put("limit", List.of(limit));
        }
        return params;
    }

    @Test
    void readsCookieAndRange() {
        ProfileQuery query = ProfileQuery.parse("a/b \"c\" ż", params("10"));
        assertThat(query.cookie()).isEqualTo("a/b \"c\" ż");
        Instant march1 = Instant.ofEpochSecond(EventTimesTest.MARCH_1_SECONDS);
        assertThat(query.range()).isEqualTo(new TimeRange(march1.plusSeconds(300), march1.plusSeconds(360)));
        assertThat(query.limit()).isEqualTo(10);
    }

    @Test
    void missingLimitMeans200() {
        assertThat(ProfileQuery.parse("c", params(null)).limit()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 1", "199, 199", "200, 200", "201, 200", "1000, 200", "2147483647, 200",
            "2147483648, 200", "99999999999999999999999999999, 200", "007, 7"})
    void limitAbove200BehavesAs200(String text, int expected) {
        assertThat(ProfileQuery.parse("c", params(text)).limit()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-200", "-99999999999999999999", "abc", "1.5", "1e3", "0x10", "", " 5", "5 ", "ten"})
    void negativeOrNonNumericLimitIsTheClientsMistake(String text) {
        assertThatThrownBy(() -> ProfileQuery.parse("c", params(text)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("limit"));
    }

    @Test
    void repeatedLimitIsRejected() {
        Map<String, List<String>> params = params(null);
        params.put("limit", List.of("5", "6"));
        assertThatThrownBy(() -> ProfileQuery.parse("c", params))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("limit"));
    }

    @Test
    void missingOrBadTimeRangeIsRejected() {
        assertThatThrownBy(() -> ProfileQuery.parse("c", Map.of("limit", List.of("5"))))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("time_range"));
        assertThatThrownBy(() -> ProfileQuery.parse("c", Map.of("time_range", List.of())))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("time_range"));
        assertThatThrownBy(() -> ProfileQuery.parse("c",
                Map.of("time_range", List.of("2022-03-01T00:06:00_2022-03-01T00:05:00"))))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("time_range"));
    }
}
