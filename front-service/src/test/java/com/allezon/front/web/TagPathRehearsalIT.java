package com.allezon.front.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.allezon.localcluster.TestCluster;
import com.allezon.model.Json;

/**
 * The tag path's rehearsal on a real broker: once the front has started, every rehearsal tag is in the
 * scratch topic exactly once (so each got its 204 through the real routes and producer), at least as many as
 * configured, and none is in the real topic.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.server.port=0", "allezon.front.publish-timeout=5s",
        "allezon.front.rehearsal.topic=" + TagPathRehearsalIT.SCRATCH, "allezon.front.rehearsal.tags=" + TagPathRehearsalIT.TAGS,
        "allezon.front.rehearsal.max-duration=120s"})
class TagPathRehearsalIT {

    static final String SCRATCH = "user-tags-rehearsal-it";
    static final int TAGS = 300;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> TestCluster.shared().bootstrapServers());
    }

    @Test
    void everyRehearsalTagIsInTheScratchTopicOnceAndNoneInTheRealTopic() throws Exception {
        List<ConsumerRecord<String, String>> scratch = readAll(SCRATCH);
        // rounds of tags, each with its own cookie rehearsal-<index>: none twice, none of the first TAGS lost
        // (a round the time limit cuts short may leave a gap later on); the last call of each cycle is a
        // profile query, forwarded, which writes nothing
        int cycle = TagPathRehearsal.calls().size();
        List<String> cookies = scratch.stream().map(ConsumerRecord::key).toList();
        assertThat(cookies).doesNotHaveDuplicates().allMatch(cookie -> cookie.matches("rehearsal-[0-9]+"))
                .containsAll(IntStream.range(0, TAGS).filter(i -> i % cycle != cycle - 1)
                        .mapToObj(i -> "rehearsal-" + i).toList())
                .noneMatch(cookie -> Integer.parseInt(cookie.substring("rehearsal-".length())) % cycle == cycle - 1);
        for (ConsumerRecord<String, String> record : scratch) {
            assertThat(Json.MAPPER.readTree(record.value()).get("cookie").stringValue()).isEqualTo(record.key());
        }
        assertThat(readAll(TestCluster.TOPIC)).noneMatch(record -> record.key().startsWith("rehearsal-"));

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestCluster.shared().bootstrapServers()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, SCRATCH);
            assertThat(admin.describeConfigs(Set.of(topic)).all().get().get(topic)
                    .get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("3600000");
            assertThat(admin.describeTopics(Set.of(SCRATCH)).allTopicNames().get().get(SCRATCH).partitions())
                    .hasSize(TestCluster.TOPIC_PARTITIONS);
        }
    }

    /** Every record of a topic, up to the end offsets it has now. */
    private static List<ConsumerRecord<String, String>> readAll(String topic) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestCluster.shared().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!reached(consumer, end.keySet(), end) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Collection<TopicPartition> partitions,
                                   Map<TopicPartition, Long> end) {
        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
    }
}
