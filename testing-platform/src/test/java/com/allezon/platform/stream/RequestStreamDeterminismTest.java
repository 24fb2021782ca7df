package com.allezon.platform.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import com.allezon.model.UserTag;
import com.allezon.platform.cli.DumpCommand;

class RequestStreamDeterminismTest {

    private static String dump(long seed, long rate, long tags) {
        StringBuilder out = new StringBuilder();
        DumpCommand.dump(seed, rate, tags, out);
        return out.toString();
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void sameSeedGivesTheSameDumpAndAnotherSeedADifferentOne() {
        String first = dump(42, 1000, 20_000);
        assertThat(dump(42, 1000, 20_000)).isEqualTo(first);
        assertThat(dump(43, 1000, 20_000)).isNotEqualTo(first);
        assertThat(first.lines().filter(l -> l.startsWith("{\"kind\":\"tag\"")).count()).isEqualTo(20_000);
        assertThat(first.lines().filter(l -> l.startsWith("{\"kind\":\"profile\"")).count()).isEqualTo(2_000);
        assertThat(first.lines().filter(l -> l.startsWith("{\"kind\":\"aggregates\"")).count()).isEqualTo(20);
    }

    @Test
    void tagsDoNotDependOnTheRateButQueriesDo() {
        String slow = dump(5, 100, 3_000);
        String fast = dump(5, 5_000, 3_000);
        assertThat(slow.lines().filter(l -> l.startsWith("{\"kind\":\"tag\"")).toList())
                .isEqualTo(fast.lines().filter(l -> l.startsWith("{\"kind\":\"tag\"")).toList());
        assertThat(slow).isNotEqualTo(fast);
    }

    @Test
    void aFastForwardedStreamGoesOnWithTheSameRequestsTickedFromWhereItSkippedTo() {
        long skip = 25_000;
        RequestStream forwarded = new RequestStream(11, 1_000);
        forwarded.fastForward(skip);
        RequestStream whole = new RequestStream(11, 1_000);
        PlatformRequest request = whole.next();
        while (request.kind() != RequestKind.TAG || request.tick() < skip) {
            request = whole.next();
        }
        int queries = 0;
        for (int n = 0; n < 5_000; n++) {
            PlatformRequest next = forwarded.next();
            assertThat(next).isEqualTo(new PlatformRequest(request.kind(), request.tick() - skip, request.path(),
                    request.body()));
            queries += next.kind() == RequestKind.TAG ? 0 : 1;
            if (n < 4_999) {
                request = whole.next();
            }
        }
        assertThat(queries).isGreaterThan(400);
        assertThat(forwarded.tagsGenerated()).isEqualTo(whole.tagsGenerated());
    }

    @Test
    void aStreamFastForwardsOnlyBeforeItsFirstRequest() {
        RequestStream stream = new RequestStream(11, 1_000);
        stream.next();
        assertThatThrownBy(() -> stream.fastForward(10)).isInstanceOf(IllegalStateException.class);
    }

    /** Pins the stream byte for byte: a change here breaks comparability with earlier runs of the same seed. */
    @Test
    void theStreamOfSeed42IsPinned() throws Exception {
        assertThat(sha256(dump(42, 1000, 3_000))).isEqualTo("cd79736741b827196036fc7a10e4da0b2c4bd8ec48127b3fa84e77e19e30d328");
    }

    @Test
    void tagsAreValidAndCarryTheirOwnTimeAndPreciseJson() {
        TagGenerator generator = new TagGenerator(9);
        long buys = 0;
        long hot = 0;
        for (long i = 0; i < 20_000; i++) {
            GeneratedTag tag = generator.tag(i);
            String json = tag.json();
            UserTag parsed = UserTag.parse(json);
            assertThat(parsed.json()).isEqualTo(json);
            assertThat(parsed.instant()).isEqualTo(TagGenerator.START.plusMillis(i));
            assertThat(parsed.time()).matches("2022-03-01T\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(parsed.price()).isPositive();
            assertThat(parsed.cookie()).isEqualTo(tag.cookieString());
            assertThat(json).contains("\"product_id\":" + generator.catalog().productId(tag.product()) + ",");
            buys += parsed.action().name().equals("BUY") ? 1 : 0;
            hot += tag.cookie() < Catalog.HOT_COOKIES ? 1 : 0;
        }
        assertThat(buys / 20_000.0).isBetween(0.10, 0.20);
        assertThat(hot / 20_000.0).isBetween(0.03, 0.05);
    }

    @Test
    void someCookiesNeedUrlEncoding() {
        Catalog catalog = new Catalog(1);
        long special = 0;
        for (int c = 0; c < 1000; c++) {
            String cookie = catalog.cookie(c);
            assertThat(cookie).hasSize(22).matches("[A-Za-z0-9+/]+");
            special += cookie.contains("/") || cookie.contains("+") ? 1 : 0;
        }
        assertThat(special).isBetween(100L, 900L);
        assertThat(UrlEncoding.encode("a+b/c ż\"%")).isEqualTo("a%2Bb%2Fc%20%C5%BC%22%25");
    }
}
