package com.allezon.profile;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import com.allezon.model.Action;
import com.allezon.model.Json;

import tools.jackson.databind.node.ObjectNode;

/** Builds user-tag JSON the way shops send it, with control over the details profiles must preserve. */
public final class TestTags {

    private static final String[] DEVICES = {"PC", "MOBILE", "TV"};

    private TestTags() {
    }

    /** {@code time} written with exactly {@code fractionDigits} (0..9) digits after the seconds. */
    public static String time(Instant instant, int fractionDigits) {
        String seconds = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC).format(instant);
        if (fractionDigits == 0) {
            return seconds + "Z";
        }
        String nanos = String.format("%09d", instant.getNano());
        return seconds + "." + nanos.substring(0, fractionDigits) + "Z";
    }

    public static String tag(String cookie, Action action, String time, boolean productIdAsString, Random random) {
        ObjectNode tag = Json.MAPPER.createObjectNode();
        tag.put("time", time);
        tag.put("cookie", cookie);
        tag.put("country", "PL");
        tag.put("device", DEVICES[random.nextInt(DEVICES.length)]);
        tag.put("action", action.name());
        tag.put("origin", "origin-" + random.nextInt(20));
        ObjectNode product = tag.putObject("product_info");
        int productId = random.nextInt(100_000);
        if (productIdAsString) {
            product.put("product_id", Integer.toString(productId));
        } else {
            product.put("product_id", productId);
        }
        product.put("brand_id", "brand-" + random.nextInt(10));
        product.put("category_id", "category-" + random.nextInt(10));
        product.put("price", random.nextInt(100_000));
        return Json.MAPPER.writeValueAsString(tag);
    }
}
