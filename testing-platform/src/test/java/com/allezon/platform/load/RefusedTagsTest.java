package com.allezon.platform.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.allezon.platform.stream.RequestKind;
import com.allezon.platform.stream.UrlEncoding;

class RefusedTagsTest {

    private static String tag(String cookie, String time) {
        return "{\"time\":\"" + time + "\",\"cookie\":\"" + cookie + "\",\"country\":\"PL\",\"device\":\"PC\","
                + "\"action\":\"VIEW\",\"origin\":\"o\",\"product_info\":{\"product_id\":1,\"brand_id\":\"b\","
                + "\"category_id\":\"c\",\"price\":10}}";
    }

    private static String profile(String cookie) {
        return "/user_profiles/" + UrlEncoding.encode(cookie) + "?time_range=2022-03-01T00:00:00.000_2022-03-01T00:10:00.000";
    }

    @Test
    void aProfileDependsOnlyOnRefusedTagsOfItsCookieSentBeforeIt() {
        RefusedTags refused = new RefusedTags();
        refused.refused(5, tag("a/b+c é", "2022-03-01T00:01:30.000Z"));

        assertThat(refused.mayAffect(RequestKind.PROFILE, profile("a/b+c é"), 4)).as("refused after the query").isFalse();
        assertThat(refused.mayAffect(RequestKind.PROFILE, profile("a/b+c é"), 5)).isTrue();
        assertThat(refused.mayAffect(RequestKind.PROFILE, profile("a/b+c é"), 900)).isTrue();
        assertThat(refused.mayAffect(RequestKind.PROFILE, profile("someone else"), 900)).isFalse();
    }

    @Test
    void aggregatesDependOnRefusedTagsInTheMinutesOfTheirRange() {
        RefusedTags refused = new RefusedTags();
        refused.refused(5, tag("x", "2022-03-01T00:01:59.999Z"));
        String prefix = "/aggregates?time_range=";
        String suffix = "&action=VIEW&aggregates=COUNT&origin=o";

        assertThat(refused.mayAffect(RequestKind.AGGREGATES, prefix + "2022-03-01T00:01:00_2022-03-01T00:02:00" + suffix, 5)).isTrue();
        assertThat(refused.mayAffect(RequestKind.AGGREGATES, prefix + "2022-03-01T00:00:00_2022-03-01T00:05:00", 5)).isTrue();
        assertThat(refused.mayAffect(RequestKind.AGGREGATES, prefix + "2022-03-01T00:01:00_2022-03-01T00:02:00" + suffix, 4))
                .as("refused after the query").isFalse();
        assertThat(refused.mayAffect(RequestKind.AGGREGATES, prefix + "2022-03-01T00:00:00_2022-03-01T00:01:00" + suffix, 5))
                .as("range ends before its minute").isFalse();
        assertThat(refused.mayAffect(RequestKind.AGGREGATES, prefix + "2022-03-01T00:02:00_2022-03-01T00:04:00" + suffix, 5))
                .as("range starts after its minute").isFalse();
    }

    @Test
    void pastItsBoundEveryProfileMayDependOnARefusedTag() {
        RefusedTags refused = new RefusedTags(2);
        refused.refused(1, tag("a", "2022-03-01T00:00:00.000Z"));
        refused.refused(2, tag("b", "2022-03-01T00:00:00.000Z"));
        refused.refused(3, tag("a", "2022-03-01T00:00:00.000Z"));
        assertThat(refused.mayAffect(RequestKind.PROFILE, profile("c"), 10)).isFalse();

        refused.refused(4, tag("c", "2022-03-01T00:00:00.000Z"));

        assertThat(refused.mayAffect(RequestKind.PROFILE, profile("d"), 3)).isFalse();
        assertThat(refused.mayAffect(RequestKind.PROFILE, profile("d"), 4)).isTrue();
        assertThat(refused.mayAffect(RequestKind.PROFILE, profile("a"), 1)).isTrue();
    }
}
