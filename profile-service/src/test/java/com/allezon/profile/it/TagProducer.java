package com.allezon.profile.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.allezon.localcluster.TestCluster;
import com.allezon.model.Action;
import com.allezon.model.ProfileAnswer;
import com.allezon.model.ProfileAnswer.StoredTag;
import com.allezon.model.TimeRange;
import com.allezon.model.UserTag;
import com.allezon.profile.ingest.UserTagListener;

/**
 * Publishes tags to {@code user-tags} the way front-service does (key = cookie) and remembers every one
 * with its Kafka position: the reference model the service's answers are checked against.
 */
final class TagProducer implements AutoCloseable {

    private record Key(String cookie, Action action) {
    }

    private final KafkaProducer<String, byte[]> producer;
    private final Map<Key, List<StoredTag>> sent = new ConcurrentHashMap<>();

    TagProducer(TestCluster cluster) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends tags in order and waits for all acks. */
    void send(List<String> tags) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(tags.size());
        List<UserTag> parsed = new ArrayList<>(tags.size());
        for (String json : tags) {
            UserTag tag = UserTag.parse(json);
            parsed.add(tag);
            acks.add(producer.send(new ProducerRecord<>(TestCluster.TOPIC, tag.cookie(), json.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        }
        for (int i = 0; i < acks.size(); i++) {
            RecordMetadata ack = get(acks.get(i));
            UserTag tag = parsed.get(i);
            sent.computeIfAbsent(new Key(tag.cookie(), tag.action()), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(new StoredTag(tag.epochNanos(), UserTagListener.sequence(ack.partition(), ack.offset()), tag.json()));
        }
    }

    /** Sends a record that is not a valid tag; returns its Kafka position. */
    RecordMetadata sendRaw(String key, byte[] value) {
        return get(producer.send(new ProducerRecord<>(TestCluster.TOPIC, key, value)));
    }

    /** The answer the SPEC demands, by brute force over everything sent for the cookie. */
    String expectedProfile(String cookie, TimeRange range, int limit) {
        return ProfileAnswer.render(cookie,
                ProfileAnswer.select(sent(cookie, Action.VIEW), range, limit),
                ProfileAnswer.select(sent(cookie, Action.BUY), range, limit));
    }

    List<StoredTag> sent(String cookie, Action action) {
        List<StoredTag> tags = sent.get(new Key(cookie, action));
        if (tags == null) {
            return List.of();
        }
        synchronized (tags) {
            return List.copyOf(tags);
        }
    }

    private static RecordMetadata get(Future<RecordMetadata> ack) {
        try {
            return ack.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not take a tag", e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
