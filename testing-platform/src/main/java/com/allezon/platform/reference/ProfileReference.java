package com.allezon.platform.reference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.allezon.model.Action;
import com.allezon.model.ProfileAnswer;
import com.allezon.model.ProfileAnswer.StoredTag;
import com.allezon.model.ProfileQuery;
import com.allezon.platform.stream.GeneratedTag;
import com.allezon.platform.stream.TagGenerator;

/**
 * Expected {@code /user_profiles} answers in bounded memory. A profile query's range never starts more than
 * {@code window} tags before the query, and tags older than a range's start change neither its tags nor
 * their rank among the newest 200, so only the indices of the last {@code window} tags are kept, per cookie
 * and action; the JSON of an answer's tags is regenerated from their index.
 */
public final class ProfileReference {

    /** Tags of one cookie in the window, per action, oldest first. */
    private static final class CookieHistory {
        final LongDeque[] byAction = {new LongDeque(), new LongDeque()};

        boolean isEmpty() {
            return byAction[0].size() == 0 && byAction[1].size() == 0;
        }
    }

    /** The expected answer and the limit the query must carry for it to be unambiguous. */
    public record Expected(String json, Integer limit) {
    }

    private static final int JSON_CACHE_SIZE = 1 << 17;

    private final TagGenerator generator;
    private final long window;
    private final int[] cookieActions;
    private final Map<Integer, CookieHistory> histories = new HashMap<>();
    /** Recently rendered tags by index, direct-mapped: hot cookies' tags are asked for again and again. */
    private final long[] cachedIndex = new long[JSON_CACHE_SIZE];
    private final StoredTag[] cachedTag = new StoredTag[JSON_CACHE_SIZE];
    private long accepted;

    public ProfileReference(TagGenerator generator, long window) {
        this.generator = generator;
        this.window = window;
        this.cookieActions = new int[Math.toIntExact(window)];
        java.util.Arrays.fill(cachedIndex, -1);
    }

    /** Takes the next tag of the stream, with its JSON (kept a while: it is likely to be asked for soon). */
    public void accept(GeneratedTag tag, String json) {
        long i = tag.index();
        if (i != accepted) {
            throw new IllegalStateException("tags must come in order: expected " + accepted + ", got " + i);
        }
        int slot = (int) (i % window);
        if (i >= window) {
            int evicted = cookieActions[slot];
            CookieHistory h = histories.get(evicted >>> 1);
            h.byAction[evicted & 1].pollFirst();
            if (h.isEmpty()) {
                histories.remove(evicted >>> 1);
            }
        }
        cookieActions[slot] = tag.cookie() << 1 | tag.action().ordinal();
        histories.computeIfAbsent(tag.cookie(), c -> new CookieHistory()).byAction[tag.action().ordinal()].addLast(i);
        int cacheSlot = (int) (i & (JSON_CACHE_SIZE - 1));
        cachedTag[cacheSlot] = new StoredTag(tag.epochNanos(), i, json);
        cachedIndex[cacheSlot] = i;
        accepted++;
    }

    /**
     * The answer over every tag accepted so far, for a cookie's tags in {@code [fromMs, toMs)} (relative event
     * time, which is the tag index). Tags from index {@code visible} on may not be visible to the service yet;
     * they are never inside the range but may push range tags out of the newest 200. When that could change
     * the answer, the limit is lowered to the count that is the same either way.
     *
     * @param cookie the cookie's number, or -1 for a cookie no tag carries
     */
    public Expected answer(int cookie, String cookieString, long fromMs, long toMs, Integer limit, long visible) {
        if (toMs > visible) {
            throw new IllegalArgumentException("range ends after the visible data");
        }
        if (fromMs < accepted - window && accepted > window) {
            throw new IllegalArgumentException("range starts before the reference window");
        }
        CookieHistory h = cookie < 0 ? null : histories.get(cookie);
        int effective = limit == null ? ProfileQuery.MAX_TAGS : Math.min(limit, ProfileQuery.MAX_TAGS);
        boolean lowered = false;
        for (Action action : Action.values()) {
            if (h == null) {
                break;
            }
            LongDeque tags = h.byAction[action.ordinal()];
            int invisible = 0;
            for (int k = tags.size() - 1; k >= 0 && tags.get(k) >= visible; k--) {
                invisible++;
            }
            int inTopAll = 0;
            int inTopVisible = 0;
            int rank = 0;
            for (int k = tags.size() - 1; k >= 0; k--, rank++) {
                long t = tags.get(k);
                if (t < fromMs || rank >= ProfileQuery.MAX_TAGS + invisible) {
                    break;
                }
                if (t < toMs) {
                    inTopVisible++;
                    if (rank < ProfileQuery.MAX_TAGS) {
                        inTopAll++;
                    }
                }
            }
            if (Math.min(effective, inTopAll) != Math.min(effective, inTopVisible)) {
                effective = inTopAll;
                lowered = true;
            }
        }
        List<StoredTag> views = select(h, Action.VIEW, fromMs, toMs, effective);
        List<StoredTag> buys = select(h, Action.BUY, fromMs, toMs, effective);
        return new Expected(ProfileAnswer.render(cookieString, views, buys), lowered ? Integer.valueOf(effective) : limit);
    }

    private List<StoredTag> select(CookieHistory h, Action action, long fromMs, long toMs, int limit) {
        List<StoredTag> answer = new ArrayList<>();
        if (h == null) {
            return answer;
        }
        LongDeque tags = h.byAction[action.ordinal()];
        int rank = 0;
        for (int k = tags.size() - 1; k >= 0 && rank < ProfileQuery.MAX_TAGS && answer.size() < limit; k--, rank++) {
            long t = tags.get(k);
            if (t < fromMs) {
                break;
            }
            if (t < toMs) {
                answer.add(stored(t));
            }
        }
        return answer;
    }

    private StoredTag stored(long index) {
        int slot = (int) (index & (JSON_CACHE_SIZE - 1));
        if (cachedIndex[slot] != index) {
            GeneratedTag tag = generator.tag(index);
            cachedTag[slot] = new StoredTag(tag.epochNanos(), index, tag.json());
            cachedIndex[slot] = index;
        }
        return cachedTag[slot];
    }

    /** Cookies with a tag in the window: what the reference holds. */
    public int cookiesHeld() {
        return histories.size();
    }
}
