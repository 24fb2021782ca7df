package com.allezon.aggregate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.allezon.model.AggregateAnswer;
import com.allezon.model.AggregateKey;
import com.allezon.model.AggregateQuery;
import com.allezon.model.EventTimes;
import com.allezon.model.Json;
import com.allezon.model.MinuteTotals;
import com.allezon.model.UserTag;

/** Random user tags over a few minutes and few filter values (so that keys collide), and the brute force. */
public final class RandomTags {

    private static final String[] ORIGINS = {"shop", "mail", "", "ad \"quoted\""};
    private static final String[] BRANDS = {"Nike", "Adidas", "Żubr"};
    private static final String[] CATEGORIES = {"shoes", "", "hats"};

    private final Random random;

    public RandomTags(long seed) {
        this.random = new Random(seed);
    }

    /** {@code n} tags, event time starting at {@code start} and advancing 0-99 ms each. */
    public List<String> next(int n, Instant start) {
        List<String> tags = new ArrayList<>(n);
        Instant time = start;
        for (int i = 0; i < n; i++) {
            time = time.plusMillis(random.nextInt(100));
            int price = random.nextInt(20) == 0 ? Integer.MAX_VALUE : random.nextInt(100_000);
            tags.add("{\"time\":" + Json.quote(EventTimes.formatTagTime(time))
                    + ",\"cookie\":" + Json.quote("cookie-" + random.nextInt(50))
                    + ",\"country\":\"PL\",\"device\":\"PC\""
                    + ",\"action\":\"" + (random.nextBoolean() ? "VIEW" : "BUY") + "\""
                    + ",\"origin\":" + Json.quote(pick(ORIGINS))
                    + ",\"product_info\":{\"product_id\":" + random.nextInt(1000)
                    + ",\"brand_id\":" + Json.quote(pick(BRANDS))
                    + ",\"category_id\":" + Json.quote(pick(CATEGORIES))
                    + ",\"price\":" + price + "}}");
        }
        return tags;
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** Count and sum of every aggregate key, computed tag by tag. */
    public static Map<AggregateKey, MinuteTotals> bruteForce(List<String> tags) {
        Map<AggregateKey, MinuteTotals> totals = new HashMap<>();
        for (String json : tags) {
            UserTag tag = UserTag.parse(json);
            for (AggregateKey key : AggregateKey.keysOf(tag)) {
                totals.computeIfAbsent(key, k -> new MinuteTotals()).add(1, tag.price());
            }
        }
        return totals;
    }

    /** The answer the SPEC asks for, from the brute force. */
    public static String expectedAnswer(AggregateQuery query, Map<AggregateKey, MinuteTotals> bruteForce) {
        return AggregateAnswer.render(query, minute -> bruteForce.get(query.key().atMinute(minute)));
    }

    /** Every filter combination present in the tags, as query-string fragments (filters URL-encoded). */
    public static List<Map<String, String>> filterCombos() {
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(Map.of());
        combos.add(Map.of("origin", "shop"));
        combos.add(Map.of("origin", ""));
        combos.add(Map.of("brand_id", "Żubr"));
        combos.add(Map.of("category_id", "hats"));
        combos.add(Map.of("origin", "ad \"quoted\"", "brand_id", "Nike"));
        combos.add(Map.of("origin", "mail", "category_id", ""));
        combos.add(Map.of("brand_id", "Adidas", "category_id", "shoes"));
        combos.add(Map.of("origin", "shop", "brand_id", "Nike", "category_id", "shoes"));
        return combos;
    }
}
