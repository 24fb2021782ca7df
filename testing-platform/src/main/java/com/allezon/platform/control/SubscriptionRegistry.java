package com.allezon.platform.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import com.allezon.platform.load.LoadRun;

import jakarta.annotation.PreDestroy;

/** The subscriptions of this server, each a {@link LoadRun}; samples every running one once a second. */
@Component
public class SubscriptionRegistry {

    private final Map<Long, LoadRun> runs = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "subscription-ticker");
        t.setDaemon(true);
        return t;
    });

    public SubscriptionRegistry() {
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    public long create(SubscriptionRequest request) {
        LoadRun run = new LoadRun(request.targetUri(), request.rateOrFail(), request.seed() == null ? 1 : request.seed(),
                request.durationOrNull());
        long id = ids.incrementAndGet();
        runs.put(id, run);
        return id;
    }

    public LoadRun get(long id) {
        LoadRun run = runs.get(id);
        if (run == null) {
            throw new NoSuchElementException("no subscription " + id);
        }
        return run;
    }

    public List<Long> ids() {
        List<Long> list = new ArrayList<>(runs.keySet());
        list.sort(null);
        return list;
    }

    private void tick() {
        runs.values().forEach(run -> {
            LoadRun.State state = run.state();
            if (state == LoadRun.State.RUNNING || state == LoadRun.State.PAUSED || !run.scoreboard().finished()
                    && state != LoadRun.State.CREATED) {
                run.tick();
            }
        });
    }

    @PreDestroy
    void closeAll() {
        ticker.shutdownNow();
        runs.values().forEach(LoadRun::close);
    }
}
