package com.allezon.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The exact {@code /user_profiles} semantics, per action: only the 200 most recent tags by event time
 * exist; of those the ones inside the range, newest first, at most {@code limit}.
 */
public final class ProfileAnswer {

    /** A stored tag: its event time in epoch nanos, an arrival sequence breaking ties, its JSON. */
    public record StoredTag(long epochNanos, long sequence, String json) {
    }

    /** Newest first; among equal times the later arrival counts as more recent. */
    public static final Comparator<StoredTag> NEWEST_FIRST =
            Comparator.comparingLong(StoredTag::epochNanos).thenComparingLong(StoredTag::sequence).reversed();

    private ProfileAnswer() {
    }

    /**
     * Selects from all tags of one cookie and action, in any order.
     */
    public static List<StoredTag> select(List<StoredTag> tags, TimeRange range, int limit) {
        List<StoredTag> sorted = new ArrayList<>(tags);
        sorted.sort(NEWEST_FIRST);
        return selectFromNewest(sorted, range, limit);
    }

    /**
     * Selects from tags already sorted newest first. The list may be cut anywhere after the 200th tag or
     * after the first tag older than the range start: neither changes the answer.
     */
    public static List<StoredTag> selectFromNewest(List<StoredTag> newestFirst, TimeRange range, int limit) {
        long from = EventTimes.toEpochNanos(range.from());
        long to = EventTimes.toEpochNanos(range.to());
        List<StoredTag> answer = new ArrayList<>(Math.min(limit, ProfileQuery.MAX_TAGS));
        int rank = 0;
        for (StoredTag tag : newestFirst) {
            if (rank++ >= ProfileQuery.MAX_TAGS || answer.size() >= limit || tag.epochNanos() < from) {
                break;
            }
            if (tag.epochNanos() < to) {
                answer.add(tag);
            }
        }
        return answer;
    }

    public static String render(String cookie, List<StoredTag> views, List<StoredTag> buys) {
        StringBuilder json = new StringBuilder(256 + 256 * (views.size() + buys.size()));
        json.append("{\"cookie\":").append(Json.quote(cookie)).append(",\"views\":[");
        appendAll(json, views);
        json.append("],\"buys\":[");
        appendAll(json, buys);
        return json.append("]}").toString();
    }

    private static void appendAll(StringBuilder json, List<StoredTag> tags) {
        for (int i = 0; i < tags.size(); i++) {
            json.append(i == 0 ? "" : ",").append(tags.get(i).json());
        }
    }
}
