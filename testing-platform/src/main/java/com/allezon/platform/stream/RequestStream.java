package com.allezon.platform.stream;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

import com.allezon.model.Action;
import com.allezon.model.AggregateFunction;
import com.allezon.model.AggregateQuery;
import com.allezon.model.EventTimes;
import com.allezon.model.TimeRange;
import com.allezon.platform.reference.AggregatesReference;
import com.allezon.platform.reference.ProfileReference;

/**
 * The requests of a subscription in send order, each query with its expected answer: a pure function of
 * (seed, rate). After every 10th tag comes a profile query, after every 1000th an aggregates query.
 *
 * <p>Queries ask only about data the latency rules make visible, counted in send time ({@code index / rate}
 * seconds): a profile query about tags sent at least 10 s before it, an aggregates query about whole minutes
 * whose tags were all sent at least 60 s before it. So the expected answer, computed over every tag sent
 * before the query, is what a correct service must answer.
 */
public final class RequestStream {

    public static final int TAGS_PER_PROFILE_QUERY = 10;
    public static final int TAGS_PER_AGGREGATES_QUERY = 1000;
    public static final int PROFILE_LATENCY_SECONDS = 10;
    public static final int AGGREGATES_LATENCY_SECONDS = 60;

    /** Requests per second at {@code rate} tags/s: the tags and the queries among them. */
    public static double requestsPerSecond(long rate) {
        return rate * (1 + 1.0 / TAGS_PER_PROFILE_QUERY + 1.0 / TAGS_PER_AGGREGATES_QUERY);
    }
    /** How far back profile queries look, in event-time ms: a range ends on a tag at most
     * {@code recentMs} before the visible end and starts at most {@code spanMs} before that tag. */
    public record ProfileReach(int recentMs, int spanMs) {
        public static final ProfileReach DEFAULT = new ProfileReach(60_000, 600_000);

        long totalMs() {
            return (long) recentMs + spanMs;
        }
    }

    static final int AGGREGATES_MAX_MINUTES = 10;
    static final int AGGREGATES_MAX_LAG_MINUTES = 4;

    private static final long PROFILE_STREAM = 2;
    private static final long AGGREGATES_STREAM = 3;
    private static final List<List<AggregateFunction>> AGGREGATE_LISTS = List.of(
            List.of(AggregateFunction.COUNT, AggregateFunction.SUM_PRICE),
            List.of(AggregateFunction.SUM_PRICE, AggregateFunction.COUNT),
            List.of(AggregateFunction.COUNT),
            List.of(AggregateFunction.SUM_PRICE));

    private final TagGenerator generator;
    private final ProfileReach reach;
    private final long rate;
    private final long querySeed;
    private final ProfileReference profiles;
    private final AggregatesReference aggregates = new AggregatesReference();
    private final ArrayDeque<AggregateQuery> registered = new ArrayDeque<>();
    private final ArrayDeque<PlatformRequest> pending = new ArrayDeque<>();
    private long nextTag;
    private long nextAggregatesToRegister;
    /** The tags skipped by {@link #fastForward}: requests' ticks count from there. */
    private long firstTick;

    public RequestStream(long seed, long rate) {
        this(seed, rate, ProfileReach.DEFAULT);
    }

    /** A stream whose profile queries look back less far than usual (tests use it to keep brute force small). */
    public RequestStream(long seed, long rate, ProfileReach reach) {
        if (rate <= 0) {
            throw new IllegalArgumentException("rate must be positive");
        }
        this.generator = new TagGenerator(seed);
        this.reach = reach;
        this.rate = rate;
        this.querySeed = seed ^ SplitMix64.mix(rate);
        this.profiles = new ProfileReference(generator, PROFILE_LATENCY_SECONDS * rate + reach.totalMs() + 1000);
    }

    public long rate() {
        return rate;
    }

    /** Tags generated so far: the logical position of the stream. */
    public long tagsGenerated() {
        return nextTag;
    }

    /**
     * Counts the next {@code tags} tags as sent without returning them or their queries (only before the first
     * request): the stream then goes on as if they had been sent, and its requests' ticks count from there, so
     * that a run of it starts at tick 0. The sender's warm-up uses it so that its queries, from their first, ask
     * about visible data with non-empty expected answers, as a real run's do only from its 10th second (profiles)
     * and 60th (aggregates).
     */
    public void fastForward(long tags) {
        if (nextTag != firstTick) {
            throw new IllegalStateException("only before the first request");
        }
        long until = nextTag + tags;
        while (nextTag < until || !pending.isEmpty()) {
            next();
        }
        firstTick = nextTag;
    }

    public PlatformRequest next() {
        PlatformRequest query = pending.poll();
        if (query != null) {
            return query;
        }
        long i = nextTag++;
        registerAggregatesQueriesBefore(i);
        GeneratedTag tag = generator.tag(i);
        String json = tag.json();
        profiles.accept(tag, json);
        aggregates.accept(tag);
        long sent = i + 1;
        if (sent % TAGS_PER_PROFILE_QUERY == 0) {
            pending.add(profileQuery(sent / TAGS_PER_PROFILE_QUERY - 1, sent));
        }
        if (sent % TAGS_PER_AGGREGATES_QUERY == 0) {
            pending.add(aggregatesQuery(sent));
        }
        return new PlatformRequest(RequestKind.TAG, i - firstTick, PlatformRequest.TAGS_PATH, json);
    }

    private PlatformRequest profileQuery(long n, long sent) {
        SplitMix64 r = SplitMix64.at(querySeed, PROFILE_STREAM, n);
        long visible = sent - PROFILE_LATENCY_SECONDS * rate;
        double mode = r.nextDouble();
        int cookie;
        String cookieString;
        long fromMs;
        long toMs;
        if (mode < 0.05) {
            cookie = -1;
            cookieString = generator.catalog().unseenCookie(r.nextLong() >>> 1);
            toMs = visible;
            fromMs = toMs - 1 - r.nextInt(reach.spanMs());
        } else if (mode < 0.18 || visible <= 0) {
            cookie = r.nextInt(Catalog.HOT_COOKIES);
            cookieString = generator.catalog().cookie(cookie);
            toMs = visible - (visible > 0 ? r.nextInt((int) Math.min(visible, reach.recentMs())) : 0);
            fromMs = toMs - 1 - r.nextInt(reach.spanMs());
        } else {
            long seen = visible - 1 - r.nextInt((int) Math.min(visible, reach.recentMs()));
            cookie = generator.tag(seen).cookie();
            cookieString = generator.catalog().cookie(cookie);
            toMs = seen + 1 + r.nextInt((int) (visible - seen));
            int span = reach.spanMs() >> (3 * r.nextInt(4));
            fromMs = seen - r.nextInt(Math.max(1, span));
        }
        Integer limit = limit(r);
        ProfileReference.Expected expected = profiles.answer(cookie, cookieString, fromMs, toMs, limit, visible);
        TimeRange range = new TimeRange(TagGenerator.atRelativeMillis(fromMs), TagGenerator.atRelativeMillis(toMs));
        String path = "/user_profiles/" + UrlEncoding.encode(cookieString) + "?time_range=" + range.format()
                + (expected.limit() == null ? "" : "&limit=" + expected.limit());
        return new PlatformRequest(RequestKind.PROFILE, sent - 1 - firstTick, path, expected.json());
    }

    private static Integer limit(SplitMix64 r) {
        double d = r.nextDouble();
        if (d < 0.25) {
            return null;
        } else if (d < 0.35) {
            return r.nextInt(6);
        } else if (d < 0.65) {
            return 1 + r.nextInt(30);
        } else if (d < 0.9) {
            return 200;
        }
        return 201 + r.nextInt(800);
    }

    /** Registers, before tag {@code i} is counted, every aggregates query whose range may contain it. */
    private void registerAggregatesQueriesBefore(long i) {
        long lead = AGGREGATES_LATENCY_SECONDS * rate
                + (long) (AGGREGATES_MAX_MINUTES + AGGREGATES_MAX_LAG_MINUTES + 2) * TagGenerator.TAGS_PER_MINUTE;
        while ((nextAggregatesToRegister + 1) * TAGS_PER_AGGREGATES_QUERY - lead <= i) {
            AggregateQuery query = planAggregatesQuery(nextAggregatesToRegister++);
            aggregates.register(query);
            registered.add(query);
        }
    }

    private long completeVisibleMinutes(long sent) {
        return Math.floorDiv(sent - AGGREGATES_LATENCY_SECONDS * rate, TagGenerator.TAGS_PER_MINUTE);
    }

    private AggregateQuery planAggregatesQuery(long n) {
        SplitMix64 r = SplitMix64.at(querySeed, AGGREGATES_STREAM, n);
        long sent = (n + 1) * TAGS_PER_AGGREGATES_QUERY;
        long to = completeVisibleMinutes(sent) - (r.nextInt(4) == 0 ? r.nextInt(AGGREGATES_MAX_LAG_MINUTES + 1) : 0);
        long from = to - 1 - r.nextInt(AGGREGATES_MAX_MINUTES);
        Action action = r.chance(0.6) ? Action.VIEW : Action.BUY;
        int dims = r.nextInt(8);
        long lo = to > 0 ? Math.max(0, from) * TagGenerator.TAGS_PER_MINUTE : 0;
        long hi = to > 0 ? to * TagGenerator.TAGS_PER_MINUTE : TagGenerator.TAGS_PER_MINUTE;
        GeneratedTag witness = null;
        for (int attempt = 0; attempt < 40 && (witness == null || witness.action() != action); attempt++) {
            witness = generator.tag(lo + r.nextInt((int) (hi - lo)));
        }
        List<AggregateFunction> functions = AGGREGATE_LISTS.get(r.nextInt(AGGREGATE_LISTS.size()));
        return new AggregateQuery(TagGenerator.START_MINUTE + from, TagGenerator.START_MINUTE + to, action, functions,
                (dims & 1) != 0 ? witness.originName() : null,
                (dims & 2) != 0 ? witness.brandName() : null,
                (dims & 4) != 0 ? witness.categoryName() : null);
    }

    private PlatformRequest aggregatesQuery(long sent) {
        AggregateQuery query = registered.poll();
        String expected = aggregates.answer(query);
        aggregates.forgetBefore(completeVisibleMinutes(sent) - AGGREGATES_MAX_MINUTES - AGGREGATES_MAX_LAG_MINUTES);
        return new PlatformRequest(RequestKind.AGGREGATES, sent - 1 - firstTick, path(query), expected);
    }

    static String path(AggregateQuery query) {
        StringBuilder path = new StringBuilder("/aggregates?time_range=")
                .append(EventTimes.formatBucket(query.fromMinute())).append('_')
                .append(EventTimes.formatBucket(query.toMinute()))
                .append("&action=").append(query.action().name());
        for (AggregateFunction f : query.aggregates()) {
            path.append("&aggregates=").append(f.name());
        }
        if (query.origin() != null) {
            path.append("&origin=").append(UrlEncoding.encode(query.origin()));
        }
        if (query.brandId() != null) {
            path.append("&brand_id=").append(UrlEncoding.encode(query.brandId()));
        }
        if (query.categoryId() != null) {
            path.append("&category_id=").append(UrlEncoding.encode(query.categoryId()));
        }
        return path.toString();
    }

    /** The event time the stream has reached. */
    public Instant logicalTime() {
        return TagGenerator.atRelativeMillis(nextTag);
    }
}
