package com.allezon.model;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code POST /user_profiles/{cookie}?time_range=..&limit=..}, validated. */
public record ProfileQuery(String cookie, TimeRange range, int limit) {

    /** Only the newest this many tags per cookie and action exist, and a limit above it acts as it. */
    public static final int MAX_TAGS = 200;
    private static final Pattern DIGITS = Pattern.compile("\\+?\\d+");

    public static ProfileQuery parse(String cookie, Map<String, List<String>> params) {
        TimeRange range = TimeRange.parse(QueryParameters.requiredSingle(params, "time_range"));
        String limitText = QueryParameters.optionalSingle(params, "limit");
        return new ProfileQuery(cookie, range, parseLimit(limitText));
    }

    static int parseLimit(String text) {
        if (text == null) {
            return MAX_TAGS;
        }
        if (!DIGITS.matcher(text).matches()) {
            throw new InvalidRequestException("limit", "limit must be a non-negative integer, got " + Json.quote(text));
        }
        BigInteger value = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
        return value.min(BigInteger.valueOf(MAX_TAGS)).intValue();
    }
}
