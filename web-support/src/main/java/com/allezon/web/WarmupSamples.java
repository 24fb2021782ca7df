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

    /** The origin of {@link #tagJson} tag i: one of 1000, the first 20 of them {@link #SPECIAL}. */
    public static String origin(int i) {
        return value("origin-", Math.floorMod(i * 7919, 1000), 20);
    }

    /** The brand of {@link #tagJson} tag i: one of 250, the first 12 of them {@link #SPECIAL}. */
    public static String brand(int i) {
        return value("brand-", Math.floorMod(i * 31, 250), 12);
    }

    /** The category of {@link #tagJson} tag i: one of 67, the first 4 of them {@link #SPECIAL}. */
    public static String category(int i) {
        return value("cat/", Math.floorMod(i, 67), 4);
    }

    /**
     * Filter values with what real ones have (non-ASCII letters, quotes, spaces, {@code & / + % '}): the JSON
     * parser and writer, URL decoding and the stores took slower paths for them, which plain values never
     * compiled (measured: Jackson's name parsing and number writing deoptimized in the first second of a run).
     */
    static final List<String> SPECIAL = List.of("Zażółć Gęślą", "Tom \"T\" & Co", "a/b+c%20", "Książki & Gry",
            "Levi's", "50% Off");

    /** The {@code n}-th of a kind: special (with {@code n}, so all stay distinct) below {@code special}. */
    private static String value(String prefix, int n, int special) {
        return n < special ? SPECIAL.get(n % SPECIAL.size()) + " " + n : prefix + n;
    }

    /** The {@code i}-th value, round and round. */
    public static <T> T pick(List<T> values, int i) {
        return values.get(Math.floorMod(i, values.size()));
    }
}
