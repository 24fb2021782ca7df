package com.allezon.localcluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void freePortsAreDistinctAndFree() {
        int[] ports = Ports.freePorts(5);
        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(5);
        for (int port : ports) {
            assertThat(Ports.isFree(port)).as("port %d", port).isTrue();
        }
    }

    @Test
    void aListeningPortIsNotFreeAndAcceptsConnections() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = server.getLocalPort();
            assertThat(Ports.isFree(port)).isFalse();
            assertThat(Ports.accepts(port, Duration.ofSeconds(1))).isTrue();
            assertThat(Ports.awaitFree(port, Duration.ofMillis(300))).isFalse();
        }
    }

    @Test
    void aClosedPortIsFreeAgainAndRefusesConnections() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = server.getLocalPort();
        }
        assertThat(Ports.awaitFree(port, Duration.ofSeconds(5))).isTrue();
        assertThat(Ports.accepts(port, Duration.ofSeconds(1))).isFalse();
    }
}
