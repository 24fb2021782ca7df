package com.allezon.platform.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;

import com.allezon.model.EventTimes;
import com.allezon.platform.stream.RequestKind;
import com.allezon.platform.stream.RequestStream;
import com.allezon.platform.stream.TagGenerator;

/**
 * The score of a run: what was sent, what came back in time and right, latencies, how far the stream got
 * and whether the sender held its schedule. Thread-safe: responses are scored on network threads.
 */
public final class Scoreboard {

    static final int MAX_MISMATCHES = 20;
    /** A request leaving this much after its intended time means the sender is not holding the rate. */
    static final long BEHIND_SCHEDULE_NANOS = Duration.ofMillis(20).toNanos();

    private final LongAdder tagsSent = new LongAdder();
    private final LongAdder tagsAccepted = new LongAdder();
    private final LongAdder tagsDropped = new LongAdder();
    private final Score profiles = new Score();
    private final Score aggregates = new Score();
    private final Map<RequestKind, LatencyTracker> latencies = new EnumMap<>(RequestKind.class);
    private final List<Mismatch> mismatches = new ArrayList<>();
    private final AtomicLong tagsGenerated = new AtomicLong();
    private final AtomicLong maxLagNanos = new AtomicLong();
    private final LongAdder behindSchedule = new LongAdder();
    private final LongAdder transportErrors = new LongAdder();
    private final TagLedger ledger = new TagLedger();
    private final RefusedTags refusedTags = new RefusedTags();
    private final Budgets budgets;
    private volatile boolean finished;

    public Scoreboard(Budgets budgets) {
        this.budgets = budgets;
        for (RequestKind kind : RequestKind.values()) {
            latencies.put(kind, new LatencyTracker());
        }
    }

    void sent(RequestKind kind, long tick, long lagNanos) {
        switch (kind) {
            case TAG -> {
                tagsSent.increment();
                tagsGenerated.accumulateAndGet(tick + 1, Math::max);
            }
            case PROFILE -> profiles.sent.increment();
            case AGGREGATES -> aggregates.sent.increment();
        }
        maxLagNanos.accumulateAndGet(lagNanos, Math::max);
        if (lagNanos > BEHIND_SCHEDULE_NANOS) {
            behindSchedule.increment();
        }
    }

    /**
     * Scores one response. {@code sent} is the request's body: the tag, or the query's expected answer.
     * {@code body} is null for a transport failure (then {@code status} is 0). For a tag, {@code tick} is its
     * index; for a query, the index of the tag it left after, {@code dependsBefore} the index below which every
     * tag must be visible for its expected answer to hold, and {@code sentAtNanos} when it was handed to the
     * network.
     */
    void answered(RequestKind kind, long tick, long dependsBefore, long sentAtNanos, String path, String sent,
                  int status, String body, long latencyNanos) {
        if (kind == RequestKind.TAG) {
            ledger.answered(tick, status == 204, System.nanoTime());
            if (status != 204) {
                refusedTags.refused(tick, sent);
            }
        }
        if (finished) {
            return;
        }
        latencies.get(kind).record(latencyNanos / 1000);
        if (body == null) {
            transportErrors.increment();
        }
        boolean late = latencyNanos > budgets.of(kind).toNanos();
        if (kind == RequestKind.TAG) {
            (status == 204 && !late ? tagsAccepted : tagsDropped).increment();
            return;
        }
        Score score = kind == RequestKind.PROFILE ? profiles : aggregates;
        if (late) {
            score.timeouts.increment();
            return;
        }
        List<String> diff;
        if (status != 200 || body == null) {
            diff = List.of(body == null ? "no answer: the request failed" : "HTTP " + status + ": " + JsonDiff.shorten(body));
        } else {
            diff = JsonDiff.diff(sent, body);
        }
        if (diff.isEmpty()) {
            score.correct.increment();
        } else if (status == 200 && (!ledger.acceptedInTime(dependsBefore,
                sentAtNanos - TimeUnit.SECONDS.toNanos(visibilitySeconds(kind))) || refusedTags.mayAffect(kind, path, tick))) {
            score.stale.increment();
        } else {
            score.wrong.increment();
            synchronized (mismatches) {
                if (mismatches.size() < MAX_MISMATCHES) {
                    mismatches.add(new Mismatch(kind.label(), path, status, diff));
                }
            }
        }
    }

    /** How many seconds the SPEC lets a tag take to show in this kind of query. */
    static long visibilitySeconds(RequestKind kind) {
        return kind == RequestKind.PROFILE ? RequestStream.PROFILE_LATENCY_SECONDS : RequestStream.AGGREGATES_LATENCY_SECONDS;
    }

    /** Requests sent but not answered (in time or at all). */
    long outstanding(RequestKind kind) {
        return switch (kind) {
            case TAG -> tagsSent.sum() - tagsAccepted.sum() - tagsDropped.sum();
            case PROFILE -> profiles.outstanding();
            case AGGREGATES -> aggregates.outstanding();
        };
    }

    /** Ends the score: what is still unanswered counts as dropped or timed out; later answers are ignored. */
    void finish() {
        finished = true;
        tagsDropped.add(outstanding(RequestKind.TAG));
        profiles.timeouts.add(profiles.outstanding());
        aggregates.timeouts.add(aggregates.outstanding());
    }

    public boolean finished() {
        return finished;
    }

    public long tagsGenerated() {
        return tagsGenerated.get();
    }

    /** Harvests the latencies since the last tick (for live charts). */
    Map<RequestKind, Histogram> tick() {
        Map<RequestKind, Histogram> interval = new EnumMap<>(RequestKind.class);
        latencies.forEach((kind, tracker) -> interval.put(kind, tracker.takeSample()));
        return interval;
    }

    /**
     * The report as JSON-ready maps, snake_case names as documented in the README. {@code wallSeconds}: since the
     * run was started; {@code sendingSeconds}: what the schedule took to send what it sent (the speed's base).
     */
    public Map<String, Object> report(double wallSeconds, double sendingSeconds) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("tags", ordered("sent", tagsSent.sum(), "accepted", tagsAccepted.sum(), "dropped", tagsDropped.sum()));
        report.put("profiles", scoreMap(profiles));
        report.put("aggregates", scoreMap(aggregates));
        Map<String, Object> latency = new LinkedHashMap<>();
        latencies.forEach((kind, tracker) -> latency.put(pluralLabel(kind), percentiles(tracker.total())));
        report.put("latency_ms", latency);
        long tags = tagsGenerated.get();
        double eventSeconds = tags / 1000.0;
        report.put("logical_time_progress", ordered(
                "event_time", EventTimes.formatTagTime(TagGenerator.atRelativeMillis(tags)),
                "event_seconds", eventSeconds,
                "wall_seconds", round(wallSeconds),
                "sending_seconds", round(sendingSeconds),
                "speed", sendingSeconds > 0 ? round(eventSeconds / sendingSeconds) : 0.0));
        report.put("sender", ordered(
                "behind_schedule", behindSchedule.sum(),
                "transport_errors", transportErrors.sum(),
                "max_lag_ms", round(maxLagNanos.get() / 1e6),
                "held_rate", behindSchedule.sum() == 0));
        synchronized (mismatches) {
            report.put("mismatches", List.copyOf(mismatches));
        }
        return report;
    }

    static String pluralLabel(RequestKind kind) {
        return kind.label().endsWith("s") ? kind.label() : kind.label() + "s";
    }

    private static Map<String, Object> scoreMap(Score s) {
        return ordered("sent", s.sent.sum(), "correct", s.correct.sum(), "wrong", s.wrong.sum(),
                "stale", s.stale.sum(), "timeouts", s.timeouts.sum());
    }

    static Map<String, Object> percentiles(Histogram h) {
        return ordered("count", h.getTotalCount(),
                "p50", ms(h.getValueAtPercentile(50)),
                "p90", ms(h.getValueAtPercentile(90)),
                "p99", ms(h.getValueAtPercentile(99)),
                "p999", ms(h.getValueAtPercentile(99.9)),
                "max", ms(h.getTotalCount() == 0 ? 0 : h.getMaxValue()));
    }

    static double ms(long micros) {
        return round(micros / 1000.0);
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
