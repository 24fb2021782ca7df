package com.allezon.platform.load;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;

/**
 * A trivially correct target on a loopback port: 204 to every tag and, for a query, its expected answer (debug
 * mode sends it as the request body) echoed back. The sender warms up against one in its own process
 * ({@link SenderWarmup}), with faults and late answers, so that it also compiles how it scores refusals, wrong
 * and late answers;
 * {@code TrivialTargetServer} serves one to measure how much load {@code run} holds.
 * <p>
 * Plain Netty, each request aggregated whole before it is answered: Reactor Netty's server released the content
 * of large request bodies (the expected answers of long profiles) twice, logging an
 * {@code IllegalReferenceCountException} and closing the connection ~125 times per warm-up.
 */
public final class EchoTarget implements AutoCloseable {

    static final String PROBLEM = "{\"status\":504,\"title\":\"Gateway Timeout\",\"detail\":\"a fault of the echo\"}";
    /** A wrong answer: valid JSON, none of the expected fields. */
    static final String WRONG = "{}";
    /** Larger than any expected answer (a profile of 2 x 200 tags is well under a megabyte). */
    private static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;

    private final EventLoopGroup group;
    private final Channel server;

    /** @param port the port, or 0 for a free one */
    public EchoTarget(int port) {
        this(port, 0, 0, Duration.ZERO);
    }

    /**
     * @param port       the port, or 0 for a free one
     * @param faultEvery every this-th tag (counted apart) is refused with a 503, every this-th profile query and
     *                   aggregates query (each counted apart) gets, in turn, a 504 problem or a wrong answer; 0:
     *                   no faults
     * @param lateEvery  every this-th request of each kind that is not a fault gets its right answer only
     *                   {@code lateBy} after it arrived; 0: none
     */
    EchoTarget(int port, int faultEvery, int lateEvery, Duration lateBy) {
        boolean epoll = Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(2, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Answers answers = new Answers(faultEvery, lateEvery, lateBy);
        try {
            server = new ServerBootstrap()
                    .group(group)
                    .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_BYTES),
                                    answers);
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", port)).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** Answers every request of every connection; shared, so its counters are atomic. */
    @ChannelHandler.Sharable
    private static final class Answers extends SimpleChannelInboundHandler<FullHttpRequest> {

        private final int faultEvery;
        private final int lateEvery;
        private final long lateByNanos;
        private final AtomicLong tags = new AtomicLong();
        private final AtomicLong profiles = new AtomicLong();
        private final AtomicLong aggregates = new AtomicLong();

        Answers(int faultEvery, int lateEvery, Duration lateBy) {
            this.faultEvery = faultEvery;
            this.lateEvery = lateEvery;
            this.lateByNanos = lateBy.toNanos();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            boolean tag = request.uri().startsWith("/user_tags");
            AtomicLong counter = tag ? tags : request.uri().startsWith("/aggregates") ? aggregates : profiles;
            long n = faultEvery > 0 || lateEvery > 0 ? counter.incrementAndGet() : 1;
            boolean fault = faultEvery > 0 && n % faultEvery == 0;
            boolean late = !fault && lateEvery > 0 && n % lateEvery == 0;
            FullHttpResponse response;
            if (tag) {
                response = fault ? answer(HttpResponseStatus.SERVICE_UNAVAILABLE, null, "")
                        : new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
            } else if (fault && n / faultEvery % 2 == 1) {
                response = answer(HttpResponseStatus.GATEWAY_TIMEOUT, "application/problem+json", PROBLEM);
            } else {
                response = answer(HttpResponseStatus.OK, "application/json",
                        fault ? WRONG : request.content().toString(StandardCharsets.UTF_8));
            }
            if (late) {
                ctx.executor().schedule(() -> ctx.writeAndFlush(response), lateByNanos, TimeUnit.NANOSECONDS);
            } else {
                ctx.writeAndFlush(response);
            }
        }

        /** With a body, so with its length; a 204 has neither (as the front answers). */
        private static FullHttpResponse answer(HttpResponseStatus status, String contentType, String body) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
            if (contentType != null) {
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
            }
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            return response;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort());
    }

    /** Blocks until the server is closed (by another thread or at exit). */
    public void awaitDisposal() {
        server.closeFuture().syncUninterruptibly();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
