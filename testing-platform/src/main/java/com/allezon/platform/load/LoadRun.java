package com.allezon.platform.load;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.HdrHistogram.Histogram;

import com.allezon.platform.stream.PlatformRequest;
import com.allezon.platform.stream.RequestKind;
import com.allezon.platform.stream.RequestStream;

/**
 * One subscription's load: the stream of (seed, rate) sent to a target in an open model. Each request leaves
 * at its intended time ({@code tick / rate} after the start, shifted by pauses) whatever the target does, and
 * its latency is measured from that intended time, so a slow target cannot slow the load down (no
 * coordinated omission). Lifecycle: CREATED → START → RUNNING ⇄ PAUSED (PAUSE / RESUME) → COMPLETED when the
 * duration is reached, or CLOSED at any time; a closed run never resumes.
 */
public final class LoadRun {

    public enum State { CREATED, RUNNING, PAUSED, COMPLETED, CLOSED }

    /** One second of the live chart: requests sent and latency percentiles (ms) per kind. */
    public record Sample(long second, long tagsSent, Map<String, double[]> latencyMs) {
    }

    private static final int SAMPLES_KEPT = 600;
    /**
     * The shortest the sender sleeps: a request due sooner leaves this much late at most (its latency still
     * counts from its intended time). At 10,000 requests/s a wake-up per request cost the sender ~20 us each.
     */
    private static final long MIN_PARK_NANOS = Duration.ofMillis(1).toNanos() / 4;
    /**
     * The longest the sender warms itself up before the schedule starts: the scratch stream's fast-forward
     * (4-6 s measured), its 10 s run, the late answers' drain and the JIT's settling (20 s was reached).
     */
    private static final Duration WARM_UP = Duration.ofSeconds(30);

    private final URI target;
    private final long rate;
    private final long seed;
    private final Duration duration;
    private final Budgets budgets;
    /** A warm-up's own run: it does not warm up itself, and its connections stay open until {@link #closeConnections}. */
    private final boolean scratch;
    private final Scoreboard scoreboard;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private volatile State state = State.CREATED;
    private boolean senderPaused;
    private Thread sender;
    private long startedNanos;
    private Instant startedAt;
    private long endedNanos;
    private long lastTickTags;
    private long sampleSecond;
    private volatile long warmUpNanos;
    /**
     * The schedule's base (when its first request was due, moved on by every pause) and when its latest request
     * left: their difference is the time the schedule has taken to send, pauses excluded.
     */
    private volatile long scheduleBaseNanos;
    private volatile long lastSentNanos;
    private volatile HttpTarget connections;

    /** @param duration how much of the stream to send (in send time), or null to run until closed */
    public LoadRun(URI target, long rate, long seed, Duration duration) {
        this(target, rate, seed, duration, Budgets.CONTRACT);
    }

    public LoadRun(URI target, long rate, long seed, Duration duration, Budgets budgets) {
        this(target, rate, seed, duration, budgets, false);
    }

    /**
     * @param scratch true for the warm-up's own run ({@link SenderWarmup}): no warm-up of its own, a stream
     *                fast-forwarded past the latency rules' delays, and connections that stay open once it ended,
     *                until {@link #closeConnections()}
     */
    LoadRun(URI target, long rate, long seed, Duration duration, Budgets budgets, boolean scratch) {
        if (rate <= 0) {
            throw new IllegalArgumentException("rate must be positive");
        }
        this.target = target;
        this.rate = rate;
        this.seed = seed;
        this.duration = duration;
        this.budgets = budgets;
        this.scratch = scratch;
        this.scoreboard = new Scoreboard(budgets);
    }

    public URI target() {
        return target;
    }

    public long rate() {
        return rate;
    }

    public long seed() {
        return seed;
    }

    public Duration duration() {
        return duration;
    }

    public State state() {
        return state;
    }

    public Scoreboard scoreboard() {
        return scoreboard;
    }

    public void start() {
        lock.lock();
        try {
            requireState(State.CREATED, "start");
            state = State.RUNNING;
            startedNanos = System.nanoTime();
            startedAt = Instant.now();
            sender = new Thread(this::send, "load-" + seed + "-" + rate);
            sender.setDaemon(true);
            sender.start();
        } finally {
            lock.unlock();
        }
    }

    /** Stops sending; returns once the sender has stopped, so nothing leaves until {@link #resume()}. */
    public void pause() {
        lock.lock();
        try {
            requireState(State.RUNNING, "pause");
            state = State.PAUSED;
            LockSupport.unpark(sender);
            while (!senderPaused && state == State.PAUSED) {
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Continues the stream where it stopped; the schedule shifts by the pause, so no backlog bursts out. */
    public void resume() {
        lock.lock();
        try {
            requireState(State.PAUSED, "resume");
            state = State.RUNNING;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops for good. Answers still in flight are awaited (within their budget) in the background. */
    public void close() {
        lock.lock();
        try {
            if (state == State.CLOSED) {
                return;
            }
            State before = state;
            state = State.CLOSED;
            changed.signalAll();
            if (sender != null) {
                LockSupport.unpark(sender);
            } else if (before == State.CREATED) {
                endedNanos = System.nanoTime();
                scoreboard.finish();
                terminated.countDown();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the run has ended and its score is final. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void requireState(State required, String action) {
        if (state != required) {
            throw new IllegalStateException("cannot " + action + " a " + state.name().toLowerCase() + " subscription");
        }
    }

    private void send() {
        HttpTarget http = new HttpTarget(target, budgets.longest().plusSeconds(5));
        connections = http;
        SenderWarmup.Warmed warmed = null;
        RequestStream stream = new RequestStream(seed, rate);
        if (scratch) {
            stream.fastForward(SenderWarmup.fastForwardTags(rate));
        }
        try (RequestPipeline requests = new RequestPipeline(stream, rate, "generate-" + seed + "-" + rate)) {
            long end = duration == null ? Long.MAX_VALUE : duration.toNanos();
            requests.awaitAhead(Duration.ofSeconds(30));
            // before the warm-up, which then waits for the JIT to be done with this code as well
            http.preconnect(RequestStream.requestsPerSecond(rate), Duration.ofSeconds(5));
            if (!scratch) {
                long warming = System.nanoTime();
                warmed = SenderWarmup.run(rate, seed, WARM_UP);
                warmUpNanos = System.nanoTime() - warming;
            }
            PlatformRequest request = requests.next();
            // the schedule starts once the generator is ahead
            long base = System.nanoTime();
            scheduleBaseNanos = base;
            long lastIntended = base;
            long offset = request.sendOffsetNanos(rate);
            while (offset < end) {
                if (state != State.RUNNING) {
                    long pausedAt = System.nanoTime();
                    if (!awaitRunning()) {
                        break;
                    }
                    base += System.nanoTime() - pausedAt;
                    scheduleBaseNanos = base;
                }
                long intended = base + offset;
                long now = System.nanoTime();
                if (now < intended) {
                    // at high rates one wake-up sends several requests: each leaves at most MIN_PARK late
                    LockSupport.parkNanos(Math.max(intended - now, MIN_PARK_NANOS));
                    continue;
                }
                fire(http, scoreboard, rate, request, intended, now);
                lastSentNanos = now;
                lastIntended = intended;
                request = requests.next();
                offset = request.sendOffsetNanos(rate);
            }
            drain(lastIntended);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.lock();
            try {
                endedNanos = System.nanoTime();
                if (state != State.CLOSED) {
                    state = State.COMPLETED;
                }
                scoreboard.finish();
                senderPaused = false;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            if (!scratch) {
                http.close();
            }
            if (warmed != null) {
                warmed.close();
            }
            terminated.countDown();
        }
    }

    /** Closes the connections of a scratch run that has ended (other runs close theirs when they end). */
    void closeConnections() {
        HttpTarget http = connections;
        if (http != null) {
            http.close();
        }
    }

    /** Blocks while paused; false once closed. */
    private boolean awaitRunning() {
        lock.lock();
        try {
            while (state == State.PAUSED) {
                senderPaused = true;
                changed.signalAll();
                changed.awaitUninterruptibly();
            }
            senderPaused = false;
            return state == State.RUNNING;
        } finally {
            lock.unlock();
        }
    }

    /** Sends one request at {@code now} (intended at {@code intended}) and scores its answer on {@code scoreboard}. */
    static void fire(HttpTarget http, Scoreboard scoreboard, long rate, PlatformRequest request, long intended, long now) {
        RequestKind kind = request.kind();
        scoreboard.sent(kind, request.tick(), now - intended);
        // a query's expected answer holds once every tag sent the visibility delay before it is visible
        long sentAt = Math.max(now, intended);
        long dependsBefore = request.tick() + 1 - Scoreboard.visibilitySeconds(kind) * rate;
        http.post(request.path(), request.body(), (status, body) -> scoreboard.answered(kind, request.tick(),
                dependsBefore, sentAt, request.path(), request.body(), status, body, System.nanoTime() - intended));
    }

    /** Waits for answers still in flight, each at most until its budget has run out. */
    private void drain(long lastIntended) {
        while (true) {
            long waitUntil = lastIntended;
            for (RequestKind kind : RequestKind.values()) {
                if (scoreboard.outstanding(kind) > 0) {
                    waitUntil = Math.max(waitUntil, lastIntended + budgets.of(kind).toNanos());
                }
            }
            if (waitUntil == lastIntended || System.nanoTime() > waitUntil) {
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    /** Takes one sample of the live chart; called about once a second. */
    public synchronized Sample tick() {
        Map<RequestKind, Histogram> interval = scoreboard.tick();
        long tags = scoreboard.tagsGenerated();
        Map<String, double[]> latency = new java.util.LinkedHashMap<>();
        interval.forEach((kind, h) -> latency.put(Scoreboard.pluralLabel(kind), new double[] {
            Scoreboard.ms(h.getValueAtPercentile(50)), Scoreboard.ms(h.getValueAtPercentile(99)),
            Scoreboard.ms(h.getTotalCount() == 0 ? 0 : h.getMaxValue()), h.getTotalCount()}));
        Sample sample = new Sample(sampleSecond++, tags - lastTickTags, latency);
        lastTickTags = tags;
        samples.addLast(sample);
        if (samples.size() > SAMPLES_KEPT) {
            samples.removeFirst();
        }
        return sample;
    }

    public synchronized List<Sample> samples() {
        return new ArrayList<>(samples);
    }

    /** Wall-clock seconds since START (until the end once ended). */
    private double wallSeconds() {
        long started = startedNanos;
        if (startedAt == null) {
            return 0;
        }
        long ended = endedNanos;
        return ((ended != 0 ? ended : System.nanoTime()) - started) / 1e9;
    }

    /**
     * Wall-clock seconds the schedule has taken to send what it sent: from its first request to its latest one,
     * pauses excluded (so neither the sender's warm-up before it nor the wait for the last answers after it).
     * At 1000 tags/s a sender that holds the rate sends 1 s of event time per second.
     */
    private double sendingSeconds() {
        long base = scheduleBaseNanos;
        long last = lastSentNanos;
        if (base == 0 || last == 0) {
            return 0;
        }
        // right after a resume the base has moved on while the latest request left before the pause
        return Math.max(0, last - base) / 1e9;
    }

    public Map<String, Object> report() {
        Map<String, Object> report = new java.util.LinkedHashMap<>();
        report.put("target", target.toString());
        report.put("rate", rate);
        report.put("seed", seed);
        report.put("duration_seconds", duration == null ? null : duration.toMillis() / 1000.0);
        report.put("state", state.name());
        report.put("started", startedAt == null ? null : startedAt.toString());
        report.put("sender_warm_up_seconds", Scoreboard.round(warmUpNanos / 1e9));
        report.putAll(scoreboard.report(wallSeconds(), sendingSeconds()));
        return report;
    }
}
