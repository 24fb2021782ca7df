package com.allezon.profile.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.allezon.model.Action;
import com.allezon.model.UserTag;
import com.allezon.profile.config.IngestProperties;
import com.allezon.profile.storage.ProfileStore;
import com.allezon.profile.storage.ProfileStore.SequencedTag;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Consumes {@code user-tags} in batches: all tags of a batch are written together ({@link ProfileStore#saveAll}), and the batch's
 * offsets are committed only once every write has completed (ack mode BATCH). A failed write fails the
 * batch, which the error handler retries without end: a tag is never skipped, and replays are harmless
 * because a record's Kafka position is its row's key.
 */
@Component
public class UserTagListener {

    /** Concurrent trims per batch; the driver allows far more per connection. */
    private static final int TRIM_CONCURRENCY = 256;

    private final ProfileStore store;
    private final DeadLetters deadLetters;
    private final IngestProperties ingest;
    private final TrimSchedule trimSchedule;

    public UserTagListener(ProfileStore store, DeadLetters deadLetters, IngestProperties ingest) {
        this.store = store;
        this.deadLetters = deadLetters;
        this.ingest = ingest;
        this.trimSchedule = new TrimSchedule(ingest.trimEvery());
    }

    /** A record's sequence: unique and stable per Kafka record, increasing with the offset in a partition. */
    public static long sequence(int partition, long offset) {
        return ((long) partition << 40) + offset;
    }

    @KafkaListener(id = "profile-ingest", topics = "#{__listener.ingest().topic()}",
            groupId = "#{__listener.ingest().groupId()}", concurrency = "#{__listener.ingest().concurrency()}",
            batch = "true")
    public void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        List<SequencedTag> writes = new ArrayList<>(records.size());
        Map<TagKey, Integer> writesPerKey = new LinkedHashMap<>();
        List<ConsumerRecord<String, byte[]>> poison = new ArrayList<>();
        List<RuntimeException> reasons = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            UserTag tag;
            try {
                tag = UserTag.parseStored(record.value());
            } catch (RuntimeException e) {
                poison.add(record);
                reasons.add(e);
                continue;
            }
            writes.add(new SequencedTag(tag, sequence(record.partition(), record.offset())));
            writesPerKey.merge(new TagKey(tag.cookie(), tag.action()), 1, Integer::sum);
        }
        store.saveAll(writes).block(ingest.writeTimeout());

        List<Mono<Void>> trims = new ArrayList<>();
        writesPerKey.forEach((key, count) -> {
            if (trimSchedule.recordWrites(key.cookie(), key.action(), count)) {
                trims.add(store.trim(key.cookie(), key.action()));
            }
        });
        // a failed trim only leaves extra rows, which reads ignore; the next round retries it
        Flux.fromIterable(trims).flatMap(trim -> trim.onErrorResume(e -> Mono.empty()), TRIM_CONCURRENCY)
                .then().block(ingest.writeTimeout());

        for (int i = 0; i < poison.size(); i++) {
            deadLetters.send(poison.get(i), reasons.get(i));
        }
    }

    public IngestProperties ingest() {
        return ingest;
    }

    private record TagKey(String cookie, Action action) {
    }
}
