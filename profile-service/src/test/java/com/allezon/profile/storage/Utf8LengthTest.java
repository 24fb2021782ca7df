package com.allezon.profile.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8LengthTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "plain ascii {\"a\":1}", "Książki é ü", "€ 日本語", "emoji 😀 and 𝄞", "a\"b/c+d%"})
    void countsWhatTheEncoderWrites(String text) {
        assertThat(CassandraProfileStore.utf8Length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }
}
