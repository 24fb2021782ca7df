package com.allezon.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.allezon.model.UserTag;

class WarmupSamplesTest {

    @Test
    void scratchTagsParseBackWithTheirFilterValuesIntactAndAsManyDistinctValuesAsARealDay() {
        Set<String> origins = new HashSet<>();
        Set<String> brands = new HashSet<>();
        Set<String> categories = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            UserTag tag = UserTag.parse(WarmupSamples.tagJson(i, Instant.parse("2022-03-01T00:00:00Z").plusMillis(i),
                    "rehearsal-" + i, i % 10 == 0));
            assertThat(tag.origin()).isEqualTo(WarmupSamples.origin(i));
            assertThat(tag.brandId()).isEqualTo(WarmupSamples.brand(i));
            assertThat(tag.categoryId()).isEqualTo(WarmupSamples.category(i));
            origins.add(tag.origin());
            brands.add(tag.brandId());
            categories.add(tag.categoryId());
        }
        assertThat(origins).hasSize(1000);
        assertThat(brands).hasSize(250);
        assertThat(categories).hasSize(67);
    }
}
