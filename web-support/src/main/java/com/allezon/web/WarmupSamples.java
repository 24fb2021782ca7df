package com.allezon.web;

import java.time.Instant;
import java.util.List;

import com.allezon.model.EventTimes;
import com.allezon.model.Json;
import com.allezon.model.UserTag;

/**
 * Field values as varied as real traffic's, for the scratch traffic the services send themselves before
 * readiness (the rehearsals). Code compiled for uniform values (ASCII cookies, one device) was deoptimized by
 * the first real tags and compiled again while they waited.
 */
public final class WarmupSamples {

    /**
     * Beginnings of rehearsal cookies, each to be followed by a number: plain ASCII; non-ASCII with a character
     * outside the BMP, quotes and URL-special characters; base64-like. All start with {@code rehearsal-}.
     */
    public static final List<String> COOKIE_PREFIXES =
            List.of("rehearsal-", "rehearsal-żółw \"𝄞\"/a+b%-", "rehearsal-Zm9vYmFy/+-");
    public static final List<String> COUNTRIES = List.of("PL", "DE", "US", "FR", "JP", "BR", "IN");
    public static final List<String> DEVICES = UserTag.DEVICES;

    private WarmupSamples() {
    }

    /**
     * The {@code i}-th scratch tag of a stream as JSON, with the samples' countries and devices in turn and as
     * many origins (1000), brands (250) and categories (67) as a real day has, so that counting it writes as
     * many distinct aggregate rows as real traffic does; prices up to int32.
     */
    public static String tagJson(int i, Instant time, String cookie, boolean buy) {
        int price = i % 97 == 0 ? Integer.MAX_VALUE : (int) Math.floorMod(i * 2_654_435_761L, 100_000L);
        return "{\"time\":\"" + EventTimes.formatTagTime(time) + "\",\"cookie\":" + Json.quote(cookie)
                + ",\"country\":\"" + pick(COUNTRIES, i) + "\",\"device\":\"" + pick(DEVICES, i)
                + "\",\"action\":\"" + (buy ? "BUY" : "VIEW") + "\",\"origin\":" + Json.quote(origin(i))
                + ",\"product_info\":{\"product_id\":" + i + ",\"brand_id\":" + Json.quote(brand(i))
                + ",\"category_id\":" + Json.quote(category(i)) + ",\"price\":" + price + "}}";
    }

    /** The origin of {@link #tagJson} tag i: one of 1000. */
    public static String origin(int i) {
        return "origin-" + Math.floorMod(i * 7919, 1000);
    }

    /** The brand of {@link #tagJson} tag i: one of 250. */
    public static String brand(int i) {
        return "brand-" + Math.floorMod(i * 31, 250);
    }

    /** The category of {@link #tagJson} tag i: one of 67. */
    public static String category(int i) {
        return "cat/" + Math.floorMod(i, 67);
    }

    /** The {@code i}-th value, round and round. */
    public static <T> T pick(List<T> values, int i) {
        return values.get(Math.floorMod(i, values.size()));
    }
}
