package com.allezon.platform.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.allezon.model.Action;
import com.allezon.model.AggregateAnswer;
import com.allezon.model.AggregateQuery;
import com.allezon.model.MinuteTotals;
import com.allezon.model.ProfileAnswer;
import com.allezon.model.ProfileAnswer.StoredTag;
import com.allezon.model.ProfileQuery;
import com.allezon.model.UserTag;
import com.allezon.platform.stream.PlatformRequest;
import com.allezon.platform.stream.RequestKind;
import com.allezon.platform.stream.RequestStream;

/**
 * The reference model against brute force: every tag kept, every answer recomputed from scratch with the
 * shared {@link ProfileAnswer} and {@link AggregateAnswer} semantics, from the query as the service would
 * parse it. Also checks that every answer is the same over only the tags the latency rules make visible,
 * i.e. that no query depends on how fresh the service's data is.
 */
class ReferenceModelBruteForceTest {

    private static final long RATE = 20;
    private static final long TAGS = 150_000;

    private record Kept(long index, UserTag tag) {
    }

    @Test
    void everyExpectedAnswerEqualsBruteForce() {
        // a short reach so that the reference window slides (and forgets) within a test-sized stream
        RequestStream stream = new RequestStream(3, RATE, new RequestStream.ProfileReach(5_000, 20_000));
        List<Kept> all = new ArrayList<>();
        Map<String, List<Kept>> byCookie = new HashMap<>();
        long profiles = 0;
        long profilesWithTags = 0;
        long aggregates = 0;
        long aggregatesWithData = 0;
        long aggregatesWithCounts = 0;
        long capped = 0;
        while (true) {
            PlatformRequest request = stream.next();
            if (request.tick() >= TAGS) {
                break;
            }
            if (request.kind() == RequestKind.TAG) {
                Kept kept = new Kept(request.tick(), UserTag.parse(request.body()));
                all.add(kept);
                byCookie.computeIfAbsent(kept.tag().cookie(), c -> new ArrayList<>()).add(kept);
                continue;
            }
            long sent = all.size();
            int q = request.path().indexOf('?');
            Map<String, List<String>> params = queryParameters(request.path().substring(q + 1));
            if (request.kind() == RequestKind.PROFILE) {
                profiles++;
                String cookie = URLDecoder.decode(request.path().substring("/user_profiles/".length(), q), StandardCharsets.UTF_8);
                ProfileQuery query = ProfileQuery.parse(cookie, params);
                List<Kept> tags = byCookie.getOrDefault(cookie, List.of());
                String truth = profileAnswer(query, tags, sent);
                assertThat(request.body()).as(request.path()).isEqualTo(truth);
                assertThat(profileAnswer(query, tags, sent - RequestStream.PROFILE_LATENCY_SECONDS * RATE))
                        .as("same answer over visible tags only: " + request.path()).isEqualTo(truth);
                profilesWithTags += truth.contains("\"time\"") ? 1 : 0;
                capped += truth.split("\"time\"").length - 1 >= 200 ? 1 : 0;
            } else {
                aggregates++;
                AggregateQuery query = AggregateQuery.parse(params);
                String truth = aggregatesAnswer(query, all, sent);
                assertThat(request.body()).as(request.path()).isEqualTo(truth);
                assertThat(aggregatesAnswer(query, all, sent - RequestStream.AGGREGATES_LATENCY_SECONDS * RATE))
                        .as("same answer over visible tags only: " + request.path()).isEqualTo(truth);
                if (sent - RequestStream.AGGREGATES_LATENCY_SECONDS * RATE >= 60_000) {
                    // a whole minute is visible: the query should find something in it
                    aggregatesWithData++;
                    aggregatesWithCounts += truth.matches(".*\"[1-9][0-9]*\"\\].*") ? 1 : 0;
                }
            }
        }
        assertThat(profiles).isEqualTo(TAGS / 10);
        assertThat(aggregates).isEqualTo(TAGS / 1000);
        // most queries hit data
        assertThat(profilesWithTags).isGreaterThan(profiles * 7 / 10);
        assertThat(aggregatesWithData).isGreaterThan(50);
        assertThat(aggregatesWithCounts).isGreaterThan(aggregatesWithData * 7 / 10);
        assertThat(capped).isPositive();
    }

    private static String profileAnswer(ProfileQuery query, List<Kept> tags, long before) {
        List<StoredTag> views = new ArrayList<>();
        List<StoredTag> buys = new ArrayList<>();
        for (Kept k : tags) {
            if (k.index() < before) {
                (k.tag().action() == Action.VIEW ? views : buys).add(new StoredTag(k.tag().epochNanos(), k.index(), k.tag().json()));
            }
        }
        return ProfileAnswer.render(query.cookie(), ProfileAnswer.select(views, query.range(), query.limit()),
                ProfileAnswer.select(buys, query.range(), query.limit()));
    }

    private static String aggregatesAnswer(AggregateQuery query, List<Kept> all, long before) {
        Map<Long, MinuteTotals> totals = new HashMap<>();
        for (Kept k : all) {
            UserTag t = k.tag();
            if (k.index() < before && t.action() == query.action() && t.epochMinute() >= query.fromMinute()
                    && t.epochMinute() < query.toMinute()
                    && (query.origin() == null || query.origin().equals(t.origin()))
                    && (query.brandId() == null || query.brandId().equals(t.brandId()))
                    && (query.categoryId() == null || query.categoryId().equals(t.categoryId()))) {
                totals.computeIfAbsent(t.epochMinute(), m -> new MinuteTotals()).add(1, t.price());
            }
        }
        return AggregateAnswer.render(query, totals::get);
    }

    static Map<String, List<String>> queryParameters(String query) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            params.computeIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
