package com.allezon.localcluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaIndexPreloadTest {

    @Test
    void readsEveryOffsetAndTimeIndexOfEveryPartitionAndNothingElse(@TempDir Path data) throws IOException {
        Path logs = KafkaNode.logDir(data);
        sparse(logs.resolve("user-tags-0").resolve("00000000000000000000.index"), 65_536);
        sparse(logs.resolve("user-tags-0").resolve("00000000000000000000.timeindex"), 65_532);
        sparse(logs.resolve("__consumer_offsets-7").resolve("00000000000000004711.index"), 1_048_576);
        sparse(logs.resolve("user-tags-1").resolve("00000000000000000000.timeindex"), 0);
        // not indexes, or not where the broker keeps a partition's indexes
        sparse(logs.resolve("user-tags-0").resolve("00000000000000000000.log"), 200_000);
        sparse(logs.resolve("user-tags-0").resolve("leader-epoch-checkpoint"), 8);
        sparse(logs.resolve("user-tags-0").resolve("nested").resolve("00000000000000000000.index"), 4096);
        sparse(logs.resolve("stray.index.bak"), 4096);
        Files.createDirectories(logs.resolve("odd-0").resolve("dir.index"));

        KafkaNode.Preloaded preloaded = KafkaNode.preloadIndexes(data);

        assertThat(preloaded).isEqualTo(new KafkaNode.Preloaded(4, 65_536 + 65_532 + 1_048_576));
    }

    @Test
    void aNodeThatNeverStartedHasNothingToRead(@TempDir Path data) {
        assertThat(KafkaNode.preloadIndexes(data.resolve("never-formatted"))).isEqualTo(new KafkaNode.Preloaded(0, 0));
    }

    /** A file of {@code length} bytes without writing them, as the broker preallocates its indexes. */
    private static void sparse(Path file, long length) throws IOException {
        Files.createDirectories(file.getParent());
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length);
        }
    }
}
