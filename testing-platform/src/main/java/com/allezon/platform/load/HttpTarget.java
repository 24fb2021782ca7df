package com.allezon.platform.load;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * The system under test, over a bounded set of HTTP/1.1 keep-alive connections, all driven by one Netty event
 * loop thread per lane. The sender only hands a request over (one wake-up of a loop for however many requests
 * arrive before it runs); connecting, writing, reading and scoring the answer all happen on that loop thread,
 * many per wake-up, like a single-threaded load tool, so the generator stays cheap and responsive even on a
 * machine whose cores are busy with the target itself: no hop between threads per request and no new
 * connection per request. At most {@link #MAX_CONNECTIONS} requests are
 * in flight; the others wait in order (their latency still counts from their intended send time). Requests are
 * never cancelled on a budget: a late tag still has to reach the target, since later expected answers count it.
 */
final class HttpTarget implements AutoCloseable {

    /** What one request came to: a status and body, or a failure (status 0, body null). */
    interface Callback {
        void done(int status, String body);
    }

    /**
     * Connections (so requests in flight) at most. Without a bound, every request that leaves while the others
     * are still out opens a new connection; once the target or this process hiccups, connection set-up makes
     * every request slower still and thousands of connections pile up. Only as many are opened as are needed
     * at once (a couple of dozen at 1000 requests/s against a healthy target), the rest is headroom so that a
     * backlog after a hiccup drains fast.
     */
    static final int MAX_CONNECTIONS = 256;
    /** Event loop threads, each with its own share of the connections. */
    private static final int LOOPS = 2;
    /** Connections per event loop opened before a schedule starts, at least. */
    private static final int WARM_CONNECTIONS = 8;
    /**
     * Connections opened before a schedule starts, in seconds of its requests: as many as are in flight while
     * answers take the whole tag budget (at 1000 tags/s, 1100 requests/s: 220), so that a run's slow start
     * does not add connection set-up on both sides (measured: the sender opened 200+ connections in the
     * first 0.3 s of a run against a just-started platform, whose front then set up every one of them
     * while it was busiest). Idle ones cost nothing: the most recently used connection is used first.
     */
    private static final double WARM_SECONDS = 0.2;
    private static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
    /** Linux's epoll directly where Netty's native transport loads (fewer system calls and copies), else NIO. */
    private static final boolean EPOLL = Epoll.isAvailable();

    private record Pending(String path, String body, Callback callback) {
    }

    private final EventLoopGroup group;
    private final Lane[] lanes;
    private final String hostHeader;
    private final String basePath;
    private final long responseTimeoutNanos;
    private final InetSocketAddress address;
    private int nextLane;

    HttpTarget(URI target, Duration responseTimeout) {
        if ("https".equalsIgnoreCase(target.getScheme())) {
            throw new IllegalArgumentException("only http:// targets are supported: " + target);
        }
        String host = target.getHost() == null ? "localhost" : target.getHost();
        int port = target.getPort() != -1 ? target.getPort() : 80;
        hostHeader = target.getPort() == -1 ? host : host + ":" + port;
        String path = target.getRawPath() == null ? "" : target.getRawPath();
        basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        responseTimeoutNanos = responseTimeout.toNanos();
        // resolved once, not per connection
        address = new InetSocketAddress(host, port);
        AtomicInteger threads = new AtomicInteger();
        group = new MultiThreadIoEventLoopGroup(LOOPS, runnable -> {
            Thread t = new Thread(runnable, "http-target-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        lanes = new Lane[LOOPS];
        for (int i = 0; i < LOOPS; i++) {
            lanes[i] = new Lane(group.next(), MAX_CONNECTIONS / LOOPS);
        }
    }

    /**
     * Opens connections per lane before a schedule of {@code requestsPerSecond} starts, so its first requests
     * do not wait for them.
     */
    void preconnect(double requestsPerSecond, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        int perLane = (int) Math.min(MAX_CONNECTIONS / LOOPS,
                Math.max(WARM_CONNECTIONS, Math.ceil(requestsPerSecond * WARM_SECONDS / LOOPS)));
        List<Future<Void>> connecting = new ArrayList<>();
        for (Lane lane : lanes) {
            for (int i = 0; i < perLane; i++) {
                connecting.add(lane.preconnect());
            }
        }
        for (Future<Void> f : connecting) {
            f.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    /** Hands the request over; the callback runs later on an event loop thread. Called by one thread. */
    void post(String path, String body, Callback callback) {
        Lane lane = lanes[nextLane];
        nextLane = (nextLane + 1) % lanes.length;
        lane.submit(new Pending(path, body, callback));
    }

    /** One event loop thread with its own connections and its own queue of waiting requests. */
    private final class Lane {

        private final EventLoop loop;
        private final int maxConnections;
        private final Bootstrap bootstrap;
        /** Handed over by the sender; drained by the loop, many per wake-up. */
        private final ConcurrentLinkedQueue<Pending> handedOver = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean drainScheduled = new AtomicBoolean();
        // touched only on the event loop
        private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
        private final ArrayDeque<Channel> idle = new ArrayDeque<>();
        private int connections;
        /** Of {@link #connections}, those still being opened. */
        private int connecting;

        Lane(EventLoop loop, int maxConnections) {
            this.loop = loop;
            this.maxConnections = maxConnections;
            bootstrap = new Bootstrap()
                    .group(loop)
                    .channel(EPOLL ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.SO_KEEPALIVE, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                    .remoteAddress(address)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_RESPONSE_BYTES),
                                    new Exchange(Lane.this));
                        }
                    });
        }

        void submit(Pending pending) {
            handedOver.add(pending);
            // one wake-up of the loop for however many requests arrive before it runs
            if (drainScheduled.compareAndSet(false, true)) {
                loop.execute(this::drain);
            }
        }

        /** Opens a connection ahead of need (from any thread); the future completes once it is open or failed. */
        Future<Void> preconnect() {
            Promise<Void> done = loop.newPromise();
            loop.execute(() -> connect(() -> done.trySuccess(null), () -> done.trySuccess(null)));
            return done;
        }

        /**
         * Opens one more connection (on the event loop): once open it joins the idle set, on failure the count
         * goes back; then {@code onOpen} or {@code onFailure} runs and waiting requests are dispatched.
         */
        private void connect(Runnable onOpen, Runnable onFailure) {
            connections++;
            connecting++;
            bootstrap.connect().addListener((ChannelFuture f) -> {
                connecting--;
                if (f.isSuccess()) {
                    idle.add(f.channel());
                    onOpen.run();
                } else {
                    connections--;
                    onFailure.run();
                }
                dispatch();
            });
        }

        private void drain() {
            drainScheduled.set(false);
            for (Pending p; (p = handedOver.poll()) != null; ) {
                waiting.add(p);
            }
            dispatch();
        }

        /**
         * Sends waiting requests on idle connections, opening new ones up to the bound: one per request that no
         * connection already being opened will take. On the event loop.
         */
        void dispatch() {
            while (!waiting.isEmpty()) {
                Channel channel = idle.pollLast();
                if (channel != null) {
                    if (channel.isActive()) {
                        channel.pipeline().get(Exchange.class).send(waiting.poll());
                    }
                    continue;
                }
                if (connecting >= waiting.size() || connections >= maxConnections) {
                    return;
                }
                connect(() -> { }, () -> {
                    // the target is unreachable: the oldest waiting request fails instead of waiting forever
                    Pending failed = waiting.poll();
                    if (failed != null) {
                        failed.callback().done(0, null);
                    }
                });
            }
        }
    }

    /** One connection: one request at a time, then back to its lane's idle set. */
    private final class Exchange extends SimpleChannelInboundHandler<FullHttpResponse> {

        private final Lane lane;
        private Channel channel;
        private Pending current;
        private ScheduledFuture<?> timeout;

        Exchange(Lane lane) {
            this.lane = lane;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            // before the connect future completes (channelActive may come after its listeners)
            channel = ctx.channel();
        }

        void send(Pending pending) {
            current = pending;
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                    basePath + pending.path(), Unpooled.wrappedBuffer(pending.body().getBytes(StandardCharsets.UTF_8)));
            request.headers()
                    .set(HttpHeaderNames.HOST, hostHeader)
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, request.content().readableBytes());
            timeout = channel.eventLoop().schedule(() -> {
                if (current == pending) {
                    channel.close();
                }
            }, responseTimeoutNanos, TimeUnit.NANOSECONDS);
            channel.writeAndFlush(request).addListener(f -> {
                if (!f.isSuccess()) {
                    channel.close();
                }
            });
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            Pending pending = current;
            if (pending == null) {
                ctx.close();
                return;
            }
            current = null;
            timeout.cancel(false);
            int status = response.status().code();
            String body = response.content().toString(StandardCharsets.UTF_8);
            if (HttpUtil.isKeepAlive(response)) {
                lane.idle.add(ctx.channel());
            } else {
                ctx.close();
            }
            pending.callback().done(status, body);
            lane.dispatch();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            lane.connections--;
            lane.idle.remove(ctx.channel());
            Pending pending = current;
            current = null;
            if (timeout != null) {
                timeout.cancel(false);
            }
            if (pending != null) {
                pending.callback().done(0, null);
            }
            lane.dispatch();
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
