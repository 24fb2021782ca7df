package com.allezon.aggregate.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.allezon.aggregate.storage.AggregateSink;
import com.allezon.aggregate.storage.PartitionTotals;
import com.allezon.model.AggregateKey;
import com.allezon.model.UserTag;

/**
 * Counts the tags of one input partition (one stream task) into the totals store and writes the changed
 * totals to the {@link AggregateSink} on a wall-clock schedule, so a tag shows within one flush interval even
 * when no newer tags arrive.
 * <p>
 * Exactness under at-least-once delivery: each total remembers the offset of the last tag it counted, and a
 * tag at or below it is skipped, so a replay (after a crash, a rebalance or a changelog ahead of the committed
 * offsets) never counts twice. Minutes older than the newest one minus the grace are dropped from the store
 * once written; a late tag for such a minute reloads its total from the sink first, so it stays exact too.
 */
final class AggregateProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    private static final Logger log = LoggerFactory.getLogger(AggregateProcessor.class);

    /** The store's one bookkeeping entry: the minute below which totals have been dropped. Sorts first. */
    static final Bytes EVICTED_BELOW = Bytes.wrap(new byte[0]);
    static final String POISON_REASON_HEADER = "allezon-poison-reason";

    private final AggregateSink sink;
    private final StreamMeters meters;
    private final Duration flushInterval;
    private final long graceMinutes;

    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Bytes, byte[]> store;
    private int partition;
    /** Totals changed since they were last written. */
    private final Set<Bytes> dirty = new HashSet<>();
    private long newestMinute = Long.MIN_VALUE;
    private long evictedBelow = Long.MIN_VALUE;

    AggregateProcessor(AggregateSink sink, StreamMeters meters, Duration flushInterval, Duration grace) {
        this.sink = sink;
        this.meters = meters;
        this.flushInterval = flushInterval;
        this.graceMinutes = grace.toMinutes();
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(AggregateTopology.TOTALS_STORE);
        this.partition = context.taskId().partition();
        // a restored store may hold totals that were never written: writing absolute values again is harmless
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<Bytes, byte[]> entry = all.next();
                if (entry.key.equals(EVICTED_BELOW)) {
                    evictedBelow = ByteBuffer.wrap(entry.value).getLong();
                } else {
                    dirty.add(entry.key);
                    newestMinute = Math.max(newestMinute, minuteOf(entry.key));
                }
            }
        }
        if (!dirty.isEmpty()) {
            log.info("Task {} restored {} totals, newest minute {}", context.taskId(), dirty.size(), newestMinute);
        }
        context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, now -> flush());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long offset = context.recordMetadata().orElseThrow().offset();
        UserTag tag;
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("record has no value");
            }
            tag = UserTag.parseStored(record.value());
        } catch (RuntimeException e) {
            deadLetter(record, offset, e);
            return;
        }
        long minute = tag.epochMinute();
        boolean late = minute < evictedBelow;
        if (late) {
            meters.lateTag();
        }
        newestMinute = Math.max(newestMinute, minute);
        for (AggregateKey key : AggregateKey.keysOf(tag)) {
            Bytes storeKey = Bytes.wrap(key.toBytes());
            byte[] stored = store.get(storeKey);
            PartitionTotals totals = stored != null ? PartitionTotals.fromBytes(stored)
                    : late ? sink.load(partition, key) : PartitionTotals.NONE;
            if (totals.counts(offset)) {
                store.put(storeKey, totals.plus(tag.price(), offset).toBytes());
                dirty.add(storeKey);
            } else if (stored == null) {
                // a late total that already holds this tag: keep it so the next ones need no reload
                store.put(storeKey, totals.toBytes());
            }
        }
    }

    private void deadLetter(Record<byte[], byte[]> record, long offset, RuntimeException e) {
        meters.poisonTag();
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        log.warn("Poison tag at partition {} offset {} sent to the dead-letter topic: {}", partition, offset, reason);
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(POISON_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        context.forward(record.withHeaders(headers), AggregateTopology.DEAD_LETTER_SINK);
    }

    /** Writes every changed total, then drops the written ones older than the grace. */
    void flush() {
        if (!dirty.isEmpty()) {
            List<Bytes> written = new ArrayList<>(dirty);
            Map<AggregateKey, PartitionTotals> rows = new LinkedHashMap<>(written.size() * 2);
            for (Bytes key : written) {
                byte[] value = store.get(key);
                if (value != null) {
                    rows.put(AggregateKey.fromBytes(key.get()), PartitionTotals.fromBytes(value));
                }
            }
            long started = System.nanoTime();
            try {
                sink.writeAll(partition, rows);
            } catch (RuntimeException e) {
                meters.flushFailed();
                log.warn("Task {} could not write {} totals, retrying at the next flush: {}",
                        context.taskId(), rows.size(), e.toString());
                return;
            }
            meters.flushed(rows.size(), System.nanoTime() - started);
            written.forEach(dirty::remove);
        }
        evict();
    }

    private void evict() {
        if (newestMinute == Long.MIN_VALUE) {
            return;
        }
        long horizon = newestMinute - graceMinutes;
        if (horizon <= 0) {
            return;
        }
        List<Bytes> old = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> range = store.range(minutePrefix(0), minutePrefix(horizon))) {
            while (range.hasNext()) {
                Bytes key = range.next().key;
                if (!dirty.contains(key)) {
                    old.add(key);
                }
            }
        }
        if (horizon > evictedBelow) {
            // recorded before the deletes, so a restored store never misses a total without knowing it
            store.put(EVICTED_BELOW, ByteBuffer.allocate(Long.BYTES).putLong(horizon).array());
            evictedBelow = horizon;
        }
        old.forEach(store::delete);
    }

    @Override
    public void close() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Task {} could not write its totals on close; its successor will: {}", context.taskId(), e.toString());
        }
    }

    /** The smallest key of a minute: AggregateKey bytes start with the minute, big-endian. */
    private static Bytes minutePrefix(long minute) {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(minute).array());
    }

    private static long minuteOf(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong();
    }
}
