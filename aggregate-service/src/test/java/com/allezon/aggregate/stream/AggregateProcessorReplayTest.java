package com.allezon.aggregate.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.allezon.aggregate.InMemoryAggregateSink;
import com.allezon.aggregate.RandomTags;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Replays of offsets already counted, as after a crash or a changelog ahead of the committed offsets. */
class AggregateProcessorReplayTest {

    private static final Instant START = Instant.parse("2022-03-01T00:00:00Z");
    private static final int PARTITION = 3;

    @TempDir
    java.nio.file.Path stateDir;

    private final InMemoryAggregateSink sink = new InMemoryAggregateSink();
    private final KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(AggregateTopology.TOTALS_STORE), Serdes.Bytes(), Serdes.ByteArray())
            .withLoggingDisabled().build();

    /** A fresh processor over the same store, as a task restored on another instance. */
    private Task newTask() {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "replay-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        MockProcessorContext<byte[], byte[]> context =
                new MockProcessorContext<>(config, new TaskId(0, PARTITION), stateDir.toFile());
        if (!store.isOpen()) {
            store.init(context.getStateStoreContext(), store);
        }
        context.addStateStore(store);
        AggregateProcessor processor = new AggregateProcessor(sink, new StreamMeters(new SimpleMeterRegistry()),
                Duration.ofSeconds(2), Duration.ofMinutes(15));
        processor.init(context);
        return new Task(context, processor);
    }

    private record Task(MockProcessorContext<byte[], byte[]> context, AggregateProcessor processor) {
        void process(List<String> tags, long firstOffset) {
            for (int i = 0; i < tags.size(); i++) {
                context.setRecordMetadata("user-tags", PARTITION, firstOffset + i);
                processor.process(new Record<>("k".getBytes(StandardCharsets.UTF_8),
                        tags.get(i).getBytes(StandardCharsets.UTF_8), 0L));
            }
        }

        void punctuate() {
            assertThat(context.scheduledPunctuators()).hasSize(1);
            context.scheduledPunctuators().get(0).getPunctuator().punctuate(0L);
        }
    }

    @Test
    void replayingCountedOffsetsCountsNothingTwice() {
        List<String> tags = new RandomTags(7).next(500, START);
        Task task = newTask();
        task.process(tags.subList(0, 300), 0);
        task.punctuate();

        task.process(tags.subList(0, 300), 0);     // the same offsets again
        task.process(tags.subList(300, 500), 300);
        task.punctuate();

        assertThat(sink.rows.keySet()).allMatch(row -> row.sourcePartition() == PARTITION);
        assertThat(Totals.comparable(sink.summed())).isEqualTo(Totals.comparable(RandomTags.bruteForce(tags)));
    }

    @Test
    void aRestoredTaskRewritesItsTotalsAndSkipsWhatTheStoreAlreadyHolds() {
        List<String> tags = new RandomTags(8).next(400, START);
        Task first = newTask();
        first.process(tags.subList(0, 250), 0);
        // crash before any flush: the sink holds nothing, the (restored) store holds 250 tags,
        // the committed offset is behind, so offsets 100.. come again
        assertThat(sink.rows).isEmpty();

        Task second = newTask();
        second.process(tags.subList(100, 400), 100);
        second.punctuate();

        assertThat(Totals.comparable(sink.summed())).isEqualTo(Totals.comparable(RandomTags.bruteForce(tags)));
    }
}
