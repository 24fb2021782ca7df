package com.allezon.web;

import java.util.List;

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

    /** The {@code i}-th value, round and round. */
    public static <T> T pick(List<T> values, int i) {
        return values.get(Math.floorMod(i, values.size()));
    }
}
