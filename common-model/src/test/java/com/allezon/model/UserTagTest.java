package com.allezon.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class UserTagTest {

    static final String SAMPLE = """
            { "time": "2022-03-01T00:00:00.649Z",
              "cookie": "kOOkie", "country": "PL", "device": "PC",
              "action": "VIEW", "origin": "FACEBOOK_ADS",
              "product_info": { "product_id": 12486,
                                "brand_id": "Nike", "category_id": "Shoes", "price": 28969 } }
            """;

    static JsonNode tree(String json) {
        return Json.MAPPER.readTree(json);
    }

    static String with(Consumer<ObjectNode> change) {
        ObjectNode root = (ObjectNode) tree(SAMPLE);
        change.accept(root);
        return root.toString();
    }

    static ObjectNode info(ObjectNode root) {
        return (ObjectNode) root.get("product_info");
    }

    @Test
    void readsEveryField() {
        UserTag tag = UserTag.parse(SAMPLE);
        assertThat(tag.time()).isEqualTo("2022-03-01T00:00:00.649Z");
        assertThat(tag.instant()).isEqualTo(Instant.ofEpochSecond(EventTimesTest.MARCH_1_SECONDS, 649_000_000));
        assertThat(tag.cookie()).isEqualTo("kOOkie");
        assertThat(tag.country()).isEqualTo("PL");
        assertThat(tag.device()).isEqualTo("PC");
        assertThat(tag.action()).isEqualTo(Action.VIEW);
        assertThat(tag.origin()).isEqualTo("FACEBOOK_ADS");
        assertThat(tag.brandId()).isEqualTo("Nike");
        assertThat(tag.categoryId()).isEqualTo("Shoes");
        assertThat(tag.price()).isEqualTo(28969);
        assertThat(tag.epochNanos()).isEqualTo(1_646_092_800_649_000_000L);
        assertThat(tag.epochMinute()).isEqualTo(EventTimesTest.MARCH_1_MINUTE);
    }

    @Test
    void bytesAndStringParseAlike() {
        assertThat(UserTag.parse(SAMPLE.getBytes(StandardCharsets.UTF_8))).isEqualTo(UserTag.parse(SAMPLE));
    }

    @Test
    void jsonIsTheSameJsonValueAsTheInput() {
        UserTag tag = UserTag.parse(SAMPLE);
        assertThat(tree(tag.json())).isEqualTo(tree(SAMPLE));
        assertThat(tag.json()).doesNotContain("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2022-03-01T00:00:00.000Z", "2022-03-01T00:00:00Z", "2022-03-01T00:00:00.100000000Z",
            "2022-03-01T00:00:00.1Z", "2022-03-01T00:00:00.000000Z"})
    void timeStringIsKeptUnchanged(String time) {
        UserTag tag = UserTag.parse(with(root -> root.put("time", time)));
        assertThat(tag.time()).isEqualTo(time);
        assertThat(tree(tag.json()).get("time").stringValue()).isEqualTo(time);
        assertThat(tag.json()).contains("\"time\":\"" + time + "\"");
    }

    @Test
    void integerProductIdStaysAnInteger() {
        UserTag tag = UserTag.parse(SAMPLE);
        JsonNode productId = tree(tag.json()).get("product_info").get("product_id");
        assertThat(productId.isIntegralNumber()).isTrue();
        assertThat(productId.longValue()).isEqualTo(12486);
        assertThat(tag.json()).contains("\"product_id\":12486");
    }

    @Test
    void stringProductIdStaysAString() {
        String input = with(root -> info(root).put("product_id", "12486"));
        UserTag tag = UserTag.parse(input);
        JsonNode productId = tree(tag.json()).get("product_info").get("product_id");
        assertThat(productId.isString()).isTrue();
        assertThat(productId.stringValue()).isEqualTo("12486");
        assertThat(tree(tag.json())).isEqualTo(tree(input));
    }

    @Test
    void unknownFieldsAndUnicodeAreKept() {
        String input = with(root -> {
            root.put("cookie", "k\"o'o/k ie ż😀");
            root.put("extra", "x");
            info(root).put("brand_id", "Zażółć");
        });
        UserTag tag = UserTag.parse(input);
        assertThat(tag.cookie()).isEqualTo("k\"o'o/k ie ż😀");
        assertThat(tag.brandId()).isEqualTo("Zażółć");
        assertThat(tree(tag.json())).isEqualTo(tree(input));
    }

    @Test
    void int32PriceBoundsAreAccepted() {
        assertThat(UserTag.parse(with(root -> info(root).put("price", Integer.MAX_VALUE))).price())
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(UserTag.parse(with(root -> info(root).put("price", 0))).price()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PC", "MOBILE", "TV"})
    void everyDeviceIsAccepted(String device) {
        assertThat(UserTag.parse(with(root -> root.put("device", device))).device()).isEqualTo(device);
    }

    @ParameterizedTest
    @ValueSource(strings = {"VIEW", "BUY"})
    void everyActionIsAccepted(String action) {
        assertThat(UserTag.parse(with(root -> root.put("action", action))).action()).isEqualTo(Action.valueOf(action));
    }

    static Stream<Arguments> broken() {
        return Stream.of(
                bad("time", root -> root.remove("time")),
                bad("time", root -> root.putNull("time")),
                bad("time", root -> root.put("time", 1646092800649L)),
                bad("time", root -> root.put("time", "2022-03-01T00:00:00.649")),
                bad("time", root -> root.put("time", "2022-03-01T00:00:00.649+01:00")),
                bad("time", root -> root.put("time", "2022-03-01T00:00:00.6491234567Z")),
                bad("cookie", root -> root.remove("cookie")),
                bad("cookie", root -> root.put("cookie", 17)),
                bad("cookie", root -> root.put("cookie", "")),
                bad("country", root -> root.remove("country")),
                bad("country", root -> root.putArray("country").add("PL")),
                bad("device", root -> root.remove("device")),
                bad("device", root -> root.put("device", "DESKTOP")),
                bad("device", root -> root.put("device", "pc")),
                bad("device", root -> root.put("device", 1)),
                bad("action", root -> root.remove("action")),
                bad("action", root -> root.put("action", "CLICK")),
                bad("action", root -> root.put("action", "view")),
                bad("action", root -> root.put("action", true)),
                bad("origin", root -> root.remove("origin")),
                bad("origin", root -> root.put("origin", 5)),
                bad("origin", root -> root.put("origin", "o".repeat(UserTag.MAX_FILTER_VALUE_LENGTH + 1))),
                bad("product_info", root -> root.remove("product_info")),
                bad("product_info", root -> root.put("product_info", "{}")),
                bad("product_info", root -> root.putArray("product_info")),
                bad("product_info.product_id", root -> info(root).remove("product_id")),
                bad("product_info.product_id", root -> info(root).putNull("product_id")),
                bad("product_info.product_id", root -> info(root).put("product_id", 1.5)),
                bad("product_info.product_id", root -> info(root).put("product_id", true)),
                bad("product_info.product_id", root -> info(root).putObject("product_id")),
                bad("product_info.brand_id", root -> info(root).remove("brand_id")),
                bad("product_info.brand_id", root -> info(root).put("brand_id", 7)),
                bad("product_info.category_id", root -> info(root).remove("category_id")),
                bad("product_info.category_id", root -> info(root).putNull("category_id")),
                bad("product_info.price", root -> info(root).remove("price")),
                bad("product_info.price", root -> info(root).putNull("price")),
                bad("product_info.price", root -> info(root).put("price", 28.5)),
                bad("product_info.price", root -> info(root).put("price", 28969.0)),
                bad("product_info.price", root -> info(root).put("price", "28969")),
                bad("product_info.price", root -> info(root).put("price", 2_147_483_648L)),
                bad("product_info.price", root -> info(root).put("price", -2_147_483_649L)),
                bad("product_info.price", root -> info(root).put("price", new java.math.BigInteger("99999999999999999999"))));
    }

    static Arguments bad(String field, Consumer<ObjectNode> change) {
        return Arguments.of(field, with(change));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("broken")
    void brokenTagNamesTheOffendingField(String field, String body) {
        assertThatThrownBy(() -> UserTag.parse(body))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void priceWrittenAsFloatLiteralIsRejected() {
        // the literal as a client would write it, not as Jackson would re-serialize a double
        String body = SAMPLE.replace("\"price\": 28969", "\"price\": 2.8969e4");
        assertThat(body).contains("2.8969e4");
        assertThatThrownBy(() -> UserTag.parse(body))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("product_info.price"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[" + "{}" + "]", "\"tag\"", "42", "null", "true"})
    void nonObjectBodyIsRejected(String body) {
        assertThatThrownBy(() -> UserTag.parse(body))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("body"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not json", "{\"time\":", "{'time':'x'}", "{\"a\":1,}"})
    void invalidJsonIsRejected(String body) {
        assertThatThrownBy(() -> UserTag.parse(body))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("body"));
    }

    @Test
    void trailingGarbageAfterTheTagIsRejected() {
        assertThatThrownBy(() -> UserTag.parse(SAMPLE + " garbage"))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> UserTag.parse(SAMPLE + SAMPLE))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void invalidUtf8IsRejected() {
        byte[] body = SAMPLE.replace("kOOkie", "k\u0001ie").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < body.length; i++) {
            if (body[i] == 1) {
                body[i] = (byte) 0xC3; // a lead byte followed by an ASCII letter
            }
        }
        assertThatThrownBy(() -> UserTag.parse(body)).isInstanceOf(InvalidRequestException.class);
    }

    @org.junit.jupiter.api.Test
    void aStoredTagKeepsItsTextAndIsStillValidated() {
        String stored = UserTag.parse("{ \"time\": \"2022-03-01T00:00:00.5Z\", \"cookie\": \"c\", \"country\": \"PL\","
                + " \"device\": \"PC\", \"action\": \"BUY\", \"origin\": \"o\", \"product_info\":"
                + " {\"product_id\": 7, \"brand_id\": \"b\", \"category_id\": \"k\", \"price\": 3}}").json();
        UserTag tag = UserTag.parseStored(stored.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(tag.json()).isEqualTo(stored);
        assertThat(tag.time()).isEqualTo("2022-03-01T00:00:00.5Z");
        assertThat(tag.price()).isEqualTo(3);
        assertThatThrownBy(() -> UserTag.parseStored("{\"cookie\":\"c\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidRequestException.class);
    }
}
