package com.allezon.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AggregateKeyTest {

    static final long M = EventTimesTest.MARCH_1_MINUTE;

    @Test
    void aTagCountsTowardsEightDistinctKeys() {
        UserTag tag = UserTag.parse(UserTagTest.SAMPLE.replace("00:00:00.649Z", "00:03:59.999Z").replace("VIEW", "BUY"));
        List<AggregateKey> keys = AggregateKey.keysOf(tag);
        assertThat(keys).hasSize(8).doesNotHaveDuplicates();
        assertThat(keys).extracting(AggregateKey::dimensions).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
        for (AggregateKey key : keys) {
            int dims = key.dimensions();
            assertThat(key.epochMinute()).isEqualTo(M + 3);
            assertThat(key.action()).isEqualTo(Action.BUY);
            assertThat(key.origin()).isEqualTo((dims & 1) != 0 ? "FACEBOOK_ADS" : null);
            assertThat(key.brandId()).isEqualTo((dims & 2) != 0 ? "Nike" : null);
            assertThat(key.categoryId()).isEqualTo((dims & 4) != 0 ? "Shoes" : null);
        }
    }

    @Test
    void emptyFilterValuesStayDistinctFromUnfiltered() {
        UserTag tag = UserTag.parse(UserTagTest.SAMPLE.replace("\"Nike\"", "\"\"").replace("\"Shoes\"", "\"\"")
                .replace("\"FACEBOOK_ADS\"", "\"\""));
        List<AggregateKey> keys = AggregateKey.keysOf(tag);
        assertThat(keys).doesNotHaveDuplicates();
        assertThat(keys).extracting(AggregateKey::dimensions).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
        HashSet<String> encodings = new HashSet<>();
        for (AggregateKey key : keys) {
            encodings.add(Arrays.toString(key.toBytes()));
            assertThat(AggregateKey.fromBytes(key.toBytes())).isEqualTo(key);
        }
        assertThat(encodings).hasSize(8);
    }

    @Test
    void aQueryReadsTheKeyATagCountsTowards() {
        UserTag tag = UserTag.parse(UserTagTest.SAMPLE.replace("VIEW", "BUY"));
        AggregateQuery query = new AggregateQuery(M, M + 10, Action.BUY, List.of(AggregateFunction.COUNT),
                null, "Nike", "Shoes");
        assertThat(AggregateKey.keysOf(tag)).contains(query.key().atMinute(tag.epochMinute()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "Nike", "Zażółć gęślą jaźń", "😀🎉 surrogate pairs", "\u0000nul\u0000",
            "tab\tnew\nline", "\"quote\" \\ back"})
    void bytesRoundTrip(String value) {
        for (int dims = 0; dims < 8; dims++) {
            for (Action action : Action.values()) {
                AggregateKey key = new AggregateKey(M + dims, action,
                        (dims & 1) != 0 ? value : null, (dims & 2) != 0 ? value + "b" : null,
                        (dims & 4) != 0 ? "c" + value : null);
                AggregateKey back = AggregateKey.fromBytes(key.toBytes());
                assertThat(back).isEqualTo(key);
                assertThat(back.dimensions()).isEqualTo(dims);
            }
        }
    }

    @Test
    void longestFilterValuesRoundTrip() {
        String wide = "😀".repeat(UserTag.MAX_FILTER_VALUE_LENGTH / 2);
        String accented = "ż".repeat(UserTag.MAX_FILTER_VALUE_LENGTH);
        String bmp = "\uFFFD".repeat(UserTag.MAX_FILTER_VALUE_LENGTH);
        AggregateKey key = new AggregateKey(M, Action.VIEW, wide, accented, bmp);
        assertThat(AggregateKey.fromBytes(key.toBytes())).isEqualTo(key);
    }

    @Test
    void byteOrderSortsByMinuteFirst() {
        Random random = new Random(42);
        String[] values = {"", "a", "zzz", "Ω", "😀", "\u0000", "origin-" + random.nextInt()};
        List<AggregateKey> keys = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            long minute = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(1000);                    // around the epoch, incl. byte boundaries
                case 1 -> M + random.nextInt(3 * 1440);
                case 2 -> 255 + random.nextInt(3);
                default -> (random.nextLong() >>> 1);              // any non-negative minute
            };
            int dims = random.nextInt(8);
            keys.add(new AggregateKey(minute, Action.values()[random.nextInt(2)],
                    (dims & 1) != 0 ? values[random.nextInt(values.length)] : null,
                    (dims & 2) != 0 ? values[random.nextInt(values.length)] : null,
                    (dims & 4) != 0 ? values[random.nextInt(values.length)] : null));
        }
        List<byte[]> encoded = new ArrayList<>(keys.stream().map(AggregateKey::toBytes).toList());
        encoded.sort(Arrays::compareUnsigned);   // how a sorted byte store orders keys
        long previous = Long.MIN_VALUE;
        for (byte[] bytes : encoded) {
            long minute = AggregateKey.fromBytes(bytes).epochMinute();
            assertThat(minute).isGreaterThanOrEqualTo(previous);
            previous = minute;
        }
    }

    @Test
    void atMinuteChangesOnlyTheMinute() {
        AggregateKey key = new AggregateKey(M, Action.BUY, "o", null, "");
        assertThat(key.atMinute(M + 9)).isEqualTo(new AggregateKey(M + 9, Action.BUY, "o", null, ""));
    }
}
