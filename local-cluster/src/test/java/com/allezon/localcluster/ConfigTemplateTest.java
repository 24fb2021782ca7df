package com.allezon.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTemplateTest {

    @Test
    void replacesEveryPlaceholder() {
        String rendered = ConfigTemplate.of("t", "a=${x}\nb=${y.z}:${x}\n").render(Map.of("x", 1, "y.z", "two"));
        assertThat(rendered).isEqualTo("a=1\nb=two:1\n");
    }

    @Test
    void valuesAreInsertedLiterally() {
        assertThat(ConfigTemplate.of("t", "p=${p}").render(Map.of("p", "C:\\dir\\$1"))).isEqualTo("p=C:\\dir\\$1");
    }

    @Test
    void missingValueIsAnError() {
        assertThatThrownBy(() -> ConfigTemplate.of("t", "a=${x} b=${missing}").render(Map.of("x", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("${missing}");
    }

    @Test
    void unknownResourceIsAnError() {
        assertThatThrownBy(() -> ConfigTemplate.load("nope.yaml")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kafkaConfigCarriesPortsAndDataDir(@TempDir Path dir) throws Exception {
        var settings = new KafkaNode.Settings(dir.resolve("lib"), dir.resolve("data"), dir.resolve("kafka.log"),
                19092, 19093, "256m", false, Duration.ofSeconds(1));
        String config = Files.readString(KafkaNode.writeConfig(settings));
        assertThat(config)
                .contains("listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .contains("advertised.listeners=PLAINTEXT://127.0.0.1:19092")
                .contains("controller.quorum.voters=1@127.0.0.1:19093")
                .contains("log.dirs=" + dir.resolve("data").resolve("kraft-logs").toAbsolutePath())
                .contains("offsets.topic.replication.factor=1")
                .contains("log.index.size.max.bytes=1048576")
                .doesNotContain("${");
    }

    @Test
    void cassandraConfigCarriesPortsAndDirectories(@TempDir Path dir) throws Exception {
        var settings = new CassandraNode.Settings(dir.resolve("lib"), dir.resolve("data"), dir.resolve("c.log"),
                19042, 17000, "512m", false, Duration.ofSeconds(1));
        Path yaml = CassandraNode.writeConfig(settings);
        String config = Files.readString(yaml);
        Path data = dir.resolve("data").toAbsolutePath();
        assertThat(config)
                .contains("native_transport_port: 19042")
                .contains("storage_port: 17000")
                .contains("seeds: \"127.0.0.1:17000\"")
                .contains("commitlog_directory: " + data + "/commitlog")
                .contains("  - " + data + "/data")
                .contains("memtable_heap_space: 256MiB")
                .contains("memtable_offheap_space: 512MiB")
                .contains("inherits: trie")
                .doesNotContain("${");
        assertThat(yaml.resolveSibling("logback.xml")).exists();
        assertThat(CassandraNode.command(settings, yaml))
                .contains("-Dcassandra.config=" + yaml.toUri(), "-Xms512m", "-Xmx512m", ChildProcess.PRETOUCH,
                        "-Dallezon.component=cassandra",
                        "org.apache.cassandra.service.CassandraDaemon")
                .last().isEqualTo("org.apache.cassandra.service.CassandraDaemon");
    }

    @Test
    void heapSizesAreReadTheWayXmxTakesThem() {
        assertThat(CassandraNode.heapMebibytes("2g")).isEqualTo(2048);
        assertThat(CassandraNode.heapMebibytes("2G")).isEqualTo(2048);
        assertThat(CassandraNode.heapMebibytes("512m")).isEqualTo(512);
        assertThat(CassandraNode.heapMebibytes("1048576k")).isEqualTo(1024);
        assertThat(CassandraNode.heapMebibytes("3221225472")).isEqualTo(3072);
        assertThat(CassandraNode.heapMebibytes("1t")).isEqualTo(1 << 20);
    }

    @Test
    void aHeapSizeThatIsNoneIsRefused() {
        for (String bad : new String[] {"", "g", "1.5g", "2gb", "-1g", "512 m"}) {
            assertThatThrownBy(() -> CassandraNode.heapMebibytes(bad), bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a heap size");
        }
        assertThatThrownBy(() -> CassandraNode.heapMebibytes("1000k"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below 1 MiB");
    }
}
