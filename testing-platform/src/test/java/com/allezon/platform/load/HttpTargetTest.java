package com.allezon.platform.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;

/** How many connections the sender opens: as many as requests need, or as many as asked for ahead. */
class HttpTargetTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private EventLoopGroup serverGroup;
    private Channel server;
    /** Connections the target accepted. */
    private final AtomicInteger accepted = new AtomicInteger();
    /** Requests the target holds unanswered until {@link #answerAll()}. */
    private final ConcurrentLinkedQueue<ChannelHandlerContext> held = new ConcurrentLinkedQueue<>();
    private volatile boolean holding = true;

    @BeforeEach
    void startTarget() throws InterruptedException {
        serverGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        server = new ServerBootstrap().group(serverGroup).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accepted.incrementAndGet();
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                                        if (holding) {
                                            held.add(ctx);
                                        } else {
                                            answer(ctx);
                                        }
                                    }
                                });
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    @AfterEach
    void stopTarget() {
        server.close().awaitUninterruptibly();
        serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    private URI uri() {
        return URI.create("http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort());
    }

    private static void answer(ChannelHandlerContext ctx) {
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        ctx.writeAndFlush(response);
    }

    private void answerAll() {
        holding = false;
        for (ChannelHandlerContext ctx; (ctx = held.poll()) != null; ) {
            ChannelHandlerContext c = ctx;
            c.executor().execute(() -> answer(c));
        }
    }

    /** Waits until the condition holds, at most {@link #PATIENCE} (the target sees connections a little later). */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Test
    void opensOneConnectionPerRequestThatFindsNoIdleOne() throws InterruptedException {
        CountDownLatch answered = new CountDownLatch(5);
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        try (HttpTarget http = new HttpTarget(uri(), PATIENCE)) {
            for (int i = 0; i < 5; i++) {
                http.post("/user_tags", "{}", (status, body) -> {
                    statuses.add(status);
                    answered.countDown();
                });
            }
            // all five reach the target, each on a connection of its own, and no more are opened
            await(() -> held.size() == 5);
            assertThat(held).hasSize(5);
            assertThat(accepted).hasValue(5);
            answerAll();
            assertThat(answered.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(statuses).containsOnly(204).hasSize(5);

            // once answered, the connections are reused: nothing new for the next requests
            CountDownLatch again = new CountDownLatch(4);
            for (int i = 0; i < 4; i++) {
                http.post("/user_tags", "{}", (status, body) -> again.countDown());
            }
            assertThat(again.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(accepted).hasValue(5);
        }
    }

    @Test
    void preconnectsForTheWholeTagBudgetAtTheRunsRate() throws InterruptedException {
        // 1100 requests/s in flight for 0.2 s: 220, split over the two event loops
        assertPreconnects(1100, 220);
    }

    @Test
    void preconnectsAFewAtLowRatesAndNoMoreThanTheBound() throws InterruptedException {
        assertPreconnects(10, 16);
        assertPreconnects(100_000, HttpTarget.MAX_CONNECTIONS);
    }

    /** A fresh sender asked to preconnect for {@code requestsPerSecond} opens exactly {@code expected}. */
    private void assertPreconnects(double requestsPerSecond, int expected) throws InterruptedException {
        accepted.set(0);
        try (HttpTarget http = new HttpTarget(uri(), PATIENCE)) {
            http.preconnect(requestsPerSecond, PATIENCE);
            await(() -> accepted.get() >= expected);
            assertThat(accepted).hasValue(expected);
        }
    }
}
