package com.allezon.front.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.allezon.localcluster.TestCluster;
import com.allezon.model.Json;
import com.allezon.web.SelfWarmup;
import com.allezon.web.WarmupProperties;

/**
 * The tag path's rehearsal on a real broker: once the front has started, every rehearsal tag answered 204 is
 * in one of the scratch topics (the second takes its last rounds) as its call wrote it, none twice, and none
 * is in the real topic.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.server.port=0", "allezon.front.publish-timeout=5s",
        "allezon.front.rehearsal.topic=" + TagPathRehearsalIT.SCRATCH, "allezon.front.rehearsal.tags=" + TagPathRehearsalIT.TAGS,
        "allezon.front.rehearsal.max-duration=120s", "allezon.warmup.await-patience=0s"})
class TagPathRehearsalIT {

    static final String SCRATCH = "user-tags-rehearsal-it";
    static final int TAGS = 300;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> TestCluster.shared().bootstrapServers());
    }

    @Autowired
    TagPathRehearsal rehearsal;

    @Test
    void everyRehearsalTagIsInTheScratchTopicOnceAndNoneInTheRealTopic() throws Exception {
        Map<Integer, Integer> statuses = rehearsal.statuses();
        int accepted = statuses.getOrDefault(204, 0);
        // the rehearsal ran at least its configured tags (a request that failed under load only shortens it)
        assertThat(statuses.values().stream().mapToInt(Integer::intValue).sum()).as("statuses %s", statuses)
                .isGreaterThanOrEqualTo(TAGS);
        assertThat(accepted).as("statuses %s", statuses).isPositive();
        // every call is valid: a 4xx would mean the rehearsal sends something the public contract refuses
        assertThat(statuses.keySet()).as("statuses %s", statuses).noneMatch(status -> status >= 400 && status < 500);

        // rounds of calls, the request's index ending each tag's cookie; the queries of each cycle are forwarded
        // and write nothing. Every tag answered 204 is there, none twice, each as its call wrote it.
        List<WarmupProperties.Call> calls = TagPathRehearsal.calls();
        List<ConsumerRecord<String, String>> scratch = new ArrayList<>(readAll(SCRATCH));
        List<ConsumerRecord<String, String>> second = readAll(SCRATCH + "-2");
        assertThat(second).as("tags in the second scratch topic").isNotEmpty();
        scratch.addAll(second);
        List<String> cookies = scratch.stream().map(ConsumerRecord::key).toList();
        Set<String> seen = new HashSet<>();
        assertThat(cookies.stream().filter(cookie -> !seen.add(cookie)).toList()).as("written twice").isEmpty();
        for (ConsumerRecord<String, String> record : scratch) {
            String cookie = record.key();
            assertThat(cookie).startsWith("rehearsal-").matches(".*-[0-9]+");
            String index = cookie.substring(cookie.lastIndexOf('-') + 1);
            WarmupProperties.Call call = calls.get(Integer.parseInt(index) % calls.size());
            assertThat(call.path()).as("the call of %s", cookie).isEqualTo(PublicRoutes.TAGS);
            assertThat(Json.MAPPER.readTree(record.value()))
                    .isEqualTo(Json.MAPPER.readTree(call.body().replace(SelfWarmup.INDEX, index)));
        }
        assertThat(cookies.size()).as("tags in the scratch topic, statuses %s", statuses)
                .isGreaterThanOrEqualTo(accepted);
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
