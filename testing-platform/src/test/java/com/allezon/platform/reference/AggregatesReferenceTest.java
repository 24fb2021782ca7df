package com.allezon.platform.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.allezon.model.AggregateFunction;
import com.allezon.model.AggregateQuery;
import com.allezon.platform.stream.GeneratedTag;
import com.allezon.platform.stream.TagGenerator;

class AggregatesReferenceTest {

    private final TagGenerator generator = new TagGenerator(4);

    @Test
    void countsOnlyRegisteredSeriesAndForgetsOldMinutes() {
        GeneratedTag first = generator.tag(0);
        long m0 = TagGenerator.START_MINUTE;
        AggregateQuery query = new AggregateQuery(m0, m0 + 2, first.action(),
                List.of(AggregateFunction.SUM_PRICE, AggregateFunction.COUNT), null, first.brandName(), null);
        AggregatesReference reference = new AggregatesReference();
        reference.register(query);
        long count = 0;
        long sum = 0;
        for (long i = 0; i < 2 * TagGenerator.TAGS_PER_MINUTE; i++) {
            GeneratedTag tag = generator.tag(i);
            reference.accept(tag);
            if (i < TagGenerator.TAGS_PER_MINUTE && tag.action() == first.action() && tag.brandName().equals(first.brandName())) {
                count++;
                sum += tag.price();
            }
        }
        assertThat(count).isPositive();
        assertThat(reference.answer(query)).startsWith("{\"columns\":[\"1m_bucket\",\"action\",\"brand_id\",\"sum_price\",\"count\"],"
                + "\"rows\":[[\"2022-03-01T00:00:00\",\"" + first.action() + "\"," + com.allezon.model.Json.quote(first.brandName())
                + ",\"" + sum + "\",\"" + count + "\"]");
        assertThat(reference.minutesHeld()).isEqualTo(2);
        reference.forgetBefore(1);
        assertThat(reference.minutesHeld()).isEqualTo(1);
        assertThat(reference.answer(query)).contains("[\"2022-03-01T00:00:00\",\"" + first.action() + "\","
                + com.allezon.model.Json.quote(first.brandName()) + ",\"0\",\"0\"]");
    }

    @Test
    void refusesAQueryRegisteredAfterItsMinuteBegan() {
        AggregatesReference reference = new AggregatesReference();
        reference.accept(generator.tag(0));
        long m0 = TagGenerator.START_MINUTE;
        AggregateQuery late = new AggregateQuery(m0, m0 + 1, generator.tag(0).action(), List.of(AggregateFunction.COUNT),
                null, null, null);
        assertThatThrownBy(() -> reference.register(late)).isInstanceOf(IllegalStateException.class);
    }
}
