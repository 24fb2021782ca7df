package com.allezon.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One VIEW or BUY of a shopper, validated. {@code json} is the tag exactly as it came in (compact), which
 * is what the platform stores and gives back: the same {@code time} string and the same JSON type of
 * {@code product_id}.
 */
public record UserTag(String time, Instant instant, String cookie, String country, String device, Action action,
                      String origin, String brandId, String categoryId, int price, String json) {

    /** The devices the contract allows. */
    public static final List<String> DEVICES = List.of("PC", "MOBILE", "TV");

    /** A tag as a client sent it: validated, and kept as compact JSON. */
    public static UserTag parse(byte[] body) {
        JsonNode root = readTree(body);
        return fromTree(root, null);
    }

    /**
     * A tag as the platform stored it in Kafka: already the compact JSON of a valid tag, so its text is kept
     * as it is instead of being written again for every consumed event. Still validated.
     */
    public static UserTag parseStored(byte[] value) {
        return fromTree(readTree(value), new String(value, StandardCharsets.UTF_8));
    }

    private static JsonNode readTree(byte[] body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidRequestException("body", "body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    public static UserTag parse(String body) {
        return parse(body.getBytes(StandardCharsets.UTF_8));
    }

    /** @param json the tag's text when the caller already has it compact, or null to write it from the tree */
    private static UserTag fromTree(JsonNode root, String json) {
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException("body", "body must be a JSON object (one user tag)");
        }
        String time = text(root, "time", "time");
        Instant instant = EventTimes.parseTagTime("time", time);
        String cookie = text(root, "cookie", "cookie");
        if (cookie.isEmpty()) {
            throw new InvalidRequestException("cookie", "cookie must not be empty");
        }
        String country = text(root, "country", "country");
        String device = text(root, "device", "device");
        if (!DEVICES.contains(device)) {
            throw new InvalidRequestException("device", "device must be PC, MOBILE or TV, got " + Json.quote(device));
        }
        Action action = Action.parse("action", text(root, "action", "action"));
        String origin = filterValue(root, "origin", "origin");
        JsonNode info = root.get("product_info");
        if (info == null || !info.isObject()) {
            throw new InvalidRequestException("product_info", "product_info must be a JSON object");
        }
        JsonNode productId = info.get("product_id");
        if (productId == null || !(productId.isString() || productId.isIntegralNumber())) {
            throw new InvalidRequestException("product_info.product_id",
                    "product_info.product_id must be an integer or a string");
        }
        String brandId = filterValue(info, "brand_id", "product_info.brand_id");
        String categoryId = filterValue(info, "category_id", "product_info.category_id");
        JsonNode priceNode = info.get("price");
        if (priceNode == null || !priceNode.isIntegralNumber() || !priceNode.canConvertToInt()) {
            throw new InvalidRequestException("product_info.price", "product_info.price must be a 32-bit integer");
        }
        int price = priceNode.intValue();
        return new UserTag(time, instant, cookie, country, device, action, origin, brandId, categoryId, price,
                json != null ? json : Json.MAPPER.writeValueAsString(root));
    }

    /** Filter values are bounded so that keys stay small; real ones are a few dozen characters. */
    public static final int MAX_FILTER_VALUE_LENGTH = 4096;

    private static String filterValue(JsonNode parent, String name, String field) {
        String value = text(parent, name, field);
        if (value.length() > MAX_FILTER_VALUE_LENGTH) {
            throw new InvalidRequestException(field, field + " is longer than " + MAX_FILTER_VALUE_LENGTH + " characters");
        }
        return value;
    }

    private static String text(JsonNode parent, String name, String field) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            throw new InvalidRequestException(field, field + " is required");
        }
        if (!node.isString()) {
            throw new InvalidRequestException(field, field + " must be a string");
        }
        return node.stringValue();
    }

    public long epochNanos() {
        return EventTimes.toEpochNanos(instant);
    }

    public long epochMinute() {
        return EventTimes.epochMinute(instant);
    }
}
