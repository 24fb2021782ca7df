package com.allezon.platform.load;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import com.allezon.model.EventTimes;
import com.allezon.model.UserTag;
import com.allezon.platform.stream.RequestKind;

/**
 * The refused tags, kept by what an expected answer can depend on: a profile on its cookie's tags, an
 * aggregates answer on the tags of its minutes. An answer that differs from the expected one counts as stale
 * only when a refused tag sent before the query may be the reason (its cookie, or a minute of its range);
 * otherwise it is wrong, however many other tags were refused.
 * <p>
 * Bounded: after {@link #MAX_COOKIES} refused cookies (by default) it no longer tells cookies apart, and from then on a
 * differing profile may always be stale (as if every cookie had a refused tag). Synchronized: answers arrive
 * on several network threads.
 */
final class RefusedTags {

    static final int MAX_COOKIES = 1 << 20;
    private static final String PROFILE_PREFIX = "/user_profiles/";
    private static final String RANGE_PARAMETER = "time_range=";

    /** Per cookie and per event minute: the index of its first refused tag. */
    private final Map<String, Long> firstByCookie = new HashMap<>();
    private final TreeMap<Long, Long> firstByMinute = new TreeMap<>();
    private final int maxCookies;
    /** The index from which cookies are no longer told apart, or MAX_VALUE. */
    private long cookiesUnknownFrom = Long.MAX_VALUE;

    RefusedTags() {
        this(MAX_COOKIES);
    }

    RefusedTags(int maxCookies) {
        this.maxCookies = maxCookies;
    }

    /** Records that tag {@code index}, whose body was {@code tagJson}, was refused. */
    synchronized void refused(long index, String tagJson) {
        UserTag tag = UserTag.parse(tagJson);
        if (firstByCookie.size() < maxCookies || firstByCookie.containsKey(tag.cookie())) {
            firstByCookie.merge(tag.cookie(), index, Math::min);
        } else {
            cookiesUnknownFrom = Math.min(cookiesUnknownFrom, index);
        }
        firstByMinute.merge(tag.epochMinute(), index, Math::min);
    }

    /**
     * Whether the answer to a query of {@code kind} at {@code path}, sent right after tag {@code tick}, may
     * differ from the expected one because of a tag refused before it.
     */
    synchronized boolean mayAffect(RequestKind kind, String path, long tick) {
        return switch (kind) {
            case TAG -> false;
            case PROFILE -> cookiesUnknownFrom <= tick || firstByCookie.getOrDefault(cookieOf(path), Long.MAX_VALUE) <= tick;
            case AGGREGATES -> {
                long[] range = minutesOf(path);
                yield firstByMinute.subMap(range[0], true, range[1], false).values().stream().anyMatch(index -> index <= tick);
            }
        };
    }

    /** The cookie of a profile query's path, decoded. */
    static String cookieOf(String path) {
        int end = path.indexOf('?');
        return URLDecoder.decode(path.substring(PROFILE_PREFIX.length(), end < 0 ? path.length() : end), StandardCharsets.UTF_8);
    }

    /** The [from, to) epoch minutes of an aggregates query's path. */
    static long[] minutesOf(String path) {
        int start = path.indexOf(RANGE_PARAMETER) + RANGE_PARAMETER.length();
        int end = path.indexOf('&', start);
        String[] bounds = path.substring(start, end < 0 ? path.length() : end).split("_");
        return new long[] {
            EventTimes.epochMinute(EventTimes.parseQueryTime("time_range", bounds[0])),
            EventTimes.epochMinute(EventTimes.parseQueryTime("time_range", bounds[1]))};
    }
}
