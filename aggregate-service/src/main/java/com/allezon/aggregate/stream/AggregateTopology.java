package com.allezon.aggregate.stream;

import java.time.Duration;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import com.allezon.aggregate.storage.AggregateSink;

/** user-tags → {@link AggregateProcessor} (with its totals store) → dead-letter topic for poison tags. */
public final class AggregateTopology {

    public static final String TOTALS_STORE = "aggregate-totals";
    static final String SOURCE = "user-tags-source";
    static final String PROCESSOR = "aggregate-counter";
    static final String DEAD_LETTER_SINK = "dead-letter-sink";

    private AggregateTopology() {
    }

    public static Topology build(String inputTopic, String deadLetterTopic, AggregateSink sink, StreamMeters meters,
                                 Duration flushInterval, Duration grace) {
        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), inputTopic);
        topology.addProcessor(PROCESSOR, () -> new AggregateProcessor(sink, meters, flushInterval, grace), SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TOTALS_STORE),
                        Serdes.Bytes(), Serdes.ByteArray())
                .withCachingEnabled(), PROCESSOR);
        topology.addSink(DEAD_LETTER_SINK, deadLetterTopic, new ByteArraySerializer(), new ByteArraySerializer(),
                PROCESSOR);
        return topology;
    }
}
