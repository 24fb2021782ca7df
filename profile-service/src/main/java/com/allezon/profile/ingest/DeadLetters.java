package com.allezon.profile.ingest;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.stereotype.Component;

import com.allezon.model.InvalidRequestException;
import com.allezon.profile.config.IngestProperties;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Poison tags: records of {@code user-tags} that are not a valid user tag. They go, unchanged, to the
 * dead-letter topic with Spring Kafka's {@code kafka_dlt-*} headers (original topic, partition, offset,
 * exception message) plus {@value #FIELD_HEADER} naming the offending field, and are counted in
 * {@code allezon_poison_tags_total}.
 */
@Component
public class DeadLetters {

    public static final String FIELD_HEADER = "allezon-invalid-field";
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final DeadLetterPublishingRecoverer recoverer;
    private final Counter poisonTags;

    public DeadLetters(KafkaOperations<?, ?> kafka, IngestProperties ingest, MeterRegistry registry) {
        // partition -1: the producer picks one, the dead-letter topic need not mirror the source's partitions
        recoverer = new DeadLetterPublishingRecoverer(kafka,
                (record, e) -> new TopicPartition(ingest.deadLetterTopic(), -1));
        recoverer.setHeadersFunction((record, e) -> {
            RecordHeaders headers = new RecordHeaders();
            if (e.getCause() instanceof InvalidRequestException invalid && invalid.field() != null) {
                headers.add(new RecordHeader(FIELD_HEADER, invalid.field().getBytes(StandardCharsets.UTF_8)));
            }
            return headers;
        });
        poisonTags = Counter.builder("allezon.poison.tags")
                .description("Records of user-tags that were not a valid user tag, sent to the dead-letter topic")
                .register(registry);
    }

    /** Publishes synchronously; throws when the dead-letter topic did not take it, so the batch is retried. */
    public void send(ConsumerRecord<?, ?> record, RuntimeException reason) {
        recoverer.accept(record, new InvalidTagException(record, reason));
        poisonTags.increment();
        log.warn("Poison tag at {}-{}@{} sent to the dead-letter topic: {}",
                record.topic(), record.partition(), record.offset(), reason.getMessage());
    }

    /** Wraps the parse failure so that the dead-letter headers carry its message. */
    static final class InvalidTagException extends RuntimeException {
        InvalidTagException(ConsumerRecord<?, ?> record, RuntimeException cause) {
            super("Not a valid user tag at " + record.topic() + "-" + record.partition() + "@" + record.offset()
                    + ": " + cause.getMessage(), cause);
        }
    }
}
