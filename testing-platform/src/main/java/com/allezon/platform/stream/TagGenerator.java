package com.allezon.platform.stream;

import java.time.Instant;

import com.allezon.model.Action;
import com.allezon.model.EventTimes;

/**
 * The prerecorded day of a seed: tag {@code i} is a pure function of (seed, i). Event time starts at
 * {@link #START} and advances 1 ms per tag whatever the send rate.
 *
 * <p>Popularity is skewed: ~4% of the traffic goes to {@link Catalog#HOT_COOKIES} hot cookies, a quarter
 * of them active at a time in bursts of {@link #HOT_BURST_TAGS} tags (so that, after a burst, a hot cookie's
 * history stops moving and the 200-newest cut can be checked), half of their tags BUYs. Other cookies
 * follow a long-tailed distribution over a million cookies with ~12% BUYs.
 */
public final class TagGenerator {

    public static final Instant START = Instant.parse("2022-03-01T00:00:00.000Z");
    public static final long START_MINUTE = EventTimes.epochMinute(START);
    public static final int TAGS_PER_MINUTE = 60_000;
    public static final int HOT_BURST_TAGS = 30_000;
    static final double HOT_SHARE = 0.04;
    private static final long TAG_STREAM = 1;

    private final Catalog catalog;
    private final long seed;

    public TagGenerator(long seed) {
        this(new Catalog(seed));
    }

    public TagGenerator(Catalog catalog) {
        this.catalog = catalog;
        this.seed = catalog.seed();
    }

    public Catalog catalog() {
        return catalog;
    }

    public GeneratedTag tag(long index) {
        SplitMix64 r = SplitMix64.at(seed, TAG_STREAM, index);
        int cookie;
        Action action;
        if (r.chance(HOT_SHARE)) {
            int activeGroup = (int) ((index / HOT_BURST_TAGS) % 4);
            cookie = activeGroup * (Catalog.HOT_COOKIES / 4) + r.nextInt(Catalog.HOT_COOKIES / 4);
            action = r.chance(0.5) ? Action.BUY : Action.VIEW;
        } else {
            cookie = Catalog.HOT_COOKIES + r.skewed(Catalog.COOKIES - Catalog.HOT_COOKIES, 2);
            action = r.chance(0.12) ? Action.BUY : Action.VIEW;
        }
        int country = r.skewed(Catalog.COUNTRIES, 2);
        double d = r.nextDouble();
        int device = d < 0.5 ? 0 : d < 0.9 ? 1 : 2;
        int origin = r.skewed(Catalog.ORIGINS, 2);
        int product = r.skewed(Catalog.PRODUCTS, 3);
        return new GeneratedTag(catalog, index, cookie, action, country, device, origin, product);
    }

    /** Relative event time in ms of an absolute instant (what a tag index is, for tags). */
    public static long relativeMillis(Instant t) {
        return t.toEpochMilli() - START.toEpochMilli();
    }

    public static Instant atRelativeMillis(long ms) {
        return START.plusMillis(ms);
    }
}
