package com.allezon.profile.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.UriUtils;

import com.allezon.localcluster.TestCluster;
import com.allezon.model.Action;
import com.allezon.model.EventTimes;
import com.allezon.model.ProfileAnswer;
import com.allezon.model.TimeRange;
import com.allezon.profile.TestTags;

/**
 * At-least-once with idempotent effects: the consumer is stopped while tags keep coming, its committed
 * offsets are rewound to the start as if a crash had lost them, and a new instance replays everything.
 * Profiles must end exactly as the reference model says: no tag lost, none duplicated.
 */
class ConsumerRestartIT {

    private static final String GROUP = "profile-restart-it";
    private static final String KEYSPACE = "profile_restart_it";
    private static final Duration DATA_LATENCY = Duration.ofSeconds(90);
    private static final Instant BASE = Instant.parse("2022-03-01T10:00:00Z");
    private static final TimeRange EVERYTHING = new TimeRange(BASE.minusSeconds(3600), BASE.plusSeconds(3600));

    @Test
    void consumerStoppedMidStreamAndReplayedEndsWithExactlyTheSameProfiles() throws Exception {
        TestCluster cluster = TestCluster.shared();
        Random random = new Random(99);
        String run = UUID.randomUUID().toString();
        List<String> cookies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            cookies.add("restart-hot-" + i + "-" + run);
        }
        for (int i = 0; i < 30; i++) {
            cookies.add("restart-cold-" + i + "-" + run);
        }
        List<List<String>> rounds = new ArrayList<>();
        for (int round = 0; round < 30; round++) {
            List<String> tags = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String cookie = cookies.get(random.nextInt(10) < 8 ? random.nextInt(4) : 4 + random.nextInt(30));
                Action action = random.nextBoolean() ? Action.VIEW : Action.BUY;
                Instant time = BASE.plusMillis(random.nextInt(2_000_000));
                tags.add(TestTags.tag(cookie, action, EventTimes.formatTagTime(time), random.nextBoolean(), random));
            }
            rounds.add(tags);
        }

        try (TagProducer producer = new TagProducer(cluster)) {
            RunningProfileService first = RunningProfileService.start(cluster, GROUP, KEYSPACE);
            CompletableFuture<Void> stream;
            try {
                stream = CompletableFuture.runAsync(() -> rounds.forEach(producer::send));
                String firstHot = cookies.get(0);
                Eventually.await("the first instance to store some tags", DATA_LATENCY,
                        () -> first.post(path(firstHot)).body(),
                        body -> body.contains("\"time\""));
            } finally {
                first.close();
            }
            rewindToStart(cluster);

            try (RunningProfileService second = RunningProfileService.start(cluster, GROUP, KEYSPACE)) {
                stream.get();
                for (String cookie : cookies) {
                    String expected = producer.expectedProfile(cookie, EVERYTHING, 200);
                    assertThat(producer.sent(cookie, Action.VIEW).size() + producer.sent(cookie, Action.BUY).size())
                            .isPositive();
                    Eventually.await("the profile of " + cookie, DATA_LATENCY, () -> second.post(path(cookie)),
                            answer -> answer.status() == 200 && answer.body().equals(expected));
                }
                String hot = cookies.get(0);
                assertThat(producer.sent(hot, Action.VIEW).size()).isGreaterThan(200);
                // a narrower query too: duplicates would shift which tags rank inside the newest 200
                TimeRange late = new TimeRange(BASE.plusMillis(1_000_000), BASE.plusMillis(2_000_000));
                assertThat(second.post(path(hot, late) + "&limit=50").body())
                        .isEqualTo(ProfileAnswer.render(hot,
                                ProfileAnswer.select(producer.sent(hot, Action.VIEW), late, 50),
                                ProfileAnswer.select(producer.sent(hot, Action.BUY), late, 50)));
            }
        }
    }

    private static String path(String cookie) {
        return path(cookie, EVERYTHING);
    }

    private static String path(String cookie, TimeRange range) {
        return "/user_profiles/" + UriUtils.encodePathSegment(cookie, StandardCharsets.UTF_8)
                + "?time_range=" + range.format();
    }

    /** What a crash before the commit of processed batches amounts to: the group starts over. */
    private static void rewindToStart(TestCluster cluster) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            for (int p = 0; p < TestCluster.TOPIC_PARTITIONS; p++) {
                start.put(new TopicPartition(TestCluster.TOPIC, p), new OffsetAndMetadata(0));
            }
            admin.alterConsumerGroupOffsets(GROUP, start).all().get();
        }
    }
}
