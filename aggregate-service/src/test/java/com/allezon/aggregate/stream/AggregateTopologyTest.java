package com.allezon.aggregate.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.allezon.aggregate.InMemoryAggregateSink;
import com.allezon.aggregate.RandomTags;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class AggregateTopologyTest {

    private static final Duration FLUSH = Duration.ofSeconds(2);
    private static final Instant START = Instant.parse("2022-03-01T00:00:00Z");

    @TempDir
    Path stateDir;

    private final InMemoryAggregateSink sink = new InMemoryAggregateSink();
    private final StreamMeters meters = new StreamMeters(new SimpleMeterRegistry());
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> tags;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    private void start(Duration grace) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "aggregate-service-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(
                AggregateTopology.build("user-tags", "user-tags-dlt", sink, meters, FLUSH, grace), config, START);
        tags = driver.createInputTopic("user-tags", new StringSerializer(), new StringSerializer());
        deadLetters = driver.createOutputTopic("user-tags-dlt", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void allEightCombinationsEqualTheBruteForce() {
        start(Duration.ofMinutes(15));
        List<String> input = new RandomTags(1).next(3000, START);
        input.forEach(tag -> tags.pipeInput("k", tag));
        driver.advanceWallClockTime(FLUSH);

        assertThat(Totals.comparable(sink.summed()))
                .hasSizeGreaterThan(100)
                .isEqualTo(Totals.comparable(RandomTags.bruteForce(input)));
    }

    @Test
    void aTagIsWrittenByTheWallClockFlushWithoutNewerTags() {
        start(Duration.ofMinutes(15));
        List<String> input = new RandomTags(2).next(5, START);
        input.forEach(tag -> tags.pipeInput("k", tag));
        assertThat(sink.rows).as("nothing is written before the flush interval").isEmpty();

        driver.advanceWallClockTime(FLUSH);

        assertThat(Totals.comparable(sink.summed())).isEqualTo(Totals.comparable(RandomTags.bruteForce(input)));
    }

    @Test
    void aFailedFlushIsRetriedAtTheNextOne() {
        start(Duration.ofMinutes(15));
        List<String> input = new RandomTags(3).next(50, START);
        input.forEach(tag -> tags.pipeInput("k", tag));
        sink.failing = true;
        driver.advanceWallClockTime(FLUSH);
        assertThat(sink.rows).isEmpty();

        sink.failing = false;
        driver.advanceWallClockTime(FLUSH);

        assertThat(Totals.comparable(sink.summed())).isEqualTo(Totals.comparable(RandomTags.bruteForce(input)));
    }

    @Test
    void poisonTagsGoToTheDeadLetterTopicWithTheReasonAndCountingGoesOn() {
        start(Duration.ofMinutes(15));
        List<String> input = new RandomTags(4).next(20, START);
        tags.pipeInput("bad-1", "{not json");
        input.subList(0, 10).forEach(tag -> tags.pipeInput("k", tag));
        tags.pipeInput("bad-2", input.get(0).replace("\"VIEW\"", "\"LOOK\"").replace("\"BUY\"", "\"LOOK\""));
        input.subList(10, 20).forEach(tag -> tags.pipeInput("k", tag));
        driver.advanceWallClockTime(FLUSH);

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactly("bad-1", "bad-2");
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        Header reason = dead.get(1).headers().lastHeader(AggregateProcessor.POISON_REASON_HEADER);
        assertThat(new String(reason.value(), StandardCharsets.UTF_8)).contains("action");
        assertThat(meters.poisonTags()).isEqualTo(2.0);
        assertThat(Totals.comparable(sink.summed())).isEqualTo(Totals.comparable(RandomTags.bruteForce(input)));
    }

    @Test
    void lateTagsForDroppedMinutesAreCountedOnTopOfTheWrittenTotals() {
        start(Duration.ofMinutes(1));
        RandomTags random = new RandomTags(5);
        List<String> early = random.next(200, START);
        List<String> muchLater = random.next(200, START.plus(Duration.ofMinutes(10)));
        List<String> late = random.next(100, START);
        early.forEach(tag -> tags.pipeInput("k", tag));
        driver.advanceWallClockTime(FLUSH);
        muchLater.forEach(tag -> tags.pipeInput("k", tag));
        driver.advanceWallClockTime(FLUSH);   // writes minute 10 and drops minutes 0..8 from the store
        driver.advanceWallClockTime(FLUSH);

        late.forEach(tag -> tags.pipeInput("k", tag));
        driver.advanceWallClockTime(FLUSH);

        assertThat(meters.lateTags()).isEqualTo(late.size());
        assertThat(sink.loads.get()).isPositive();
        List<String> all = new java.util.ArrayList<>(early);
        all.addAll(muchLater);
        all.addAll(late);
        assertThat(Totals.comparable(sink.summed())).isEqualTo(Totals.comparable(RandomTags.bruteForce(all)));
    }
}
