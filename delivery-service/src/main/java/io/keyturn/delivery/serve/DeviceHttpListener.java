package io.keyturn.delivery.serve;

import io.keyturn.delivery.config.DeliveryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.quarkus.arc.ClientProxy;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The public HTTP port (DESIGN.md §5, 8084): device paths are answered here, on plain Netty; a connection whose
 * request names an operator path ({@code /q/}, {@code /api/}) is passed, byte for byte, to Quarkus' own HTTP server,
 * which listens on the loopback only ({@code quarkus.http.host}, {@code quarkus.http.port}).
 *
 * <p>Why not Quarkus' server for devices, as before: with the same files and the same load generator, Quarkus' Vert.x
 * server answered 15,000 {@code Connection: close} requests/s where nginx answered 23,000, even with the fetch log off;
 * plain Netty with this layout answered 24,000. The difference is per connection: Vert.x accepts on one thread and
 * hands each connection to an event loop (a wake-up and a context switch each), sets seven socket options, and builds
 * its connection, request and router objects. Here every event loop has its own listening socket
 * ({@code SO_REUSEPORT}, where epoll is available), so the loop that accepts a connection serves it, and a request
 * costs a decoder, a header block and the file's bytes.
 */
@ApplicationScoped
public class DeviceHttpListener {

    private static final Logger LOG = Logger.getLogger(DeviceHttpListener.class);

    private final DeliveryConfig.Http config;
    private final Gatekeeper gate;
    private final Clock clock;
    private final String[] operatorPrefixes;
    private final DeviceHttpMetrics metrics;
    private final List<Channel> listeners = new ArrayList<>();
    private EventLoopGroup group;
    private volatile int port = -1;
    private volatile InetSocketAddress operatorServer;

    @Inject
    public DeviceHttpListener(DeliveryConfig config, Gatekeeper gate, Clock clock, MeterRegistry registry) {
        this.metrics = new DeviceHttpMetrics(registry);
        this.config = config.http();
        // The bean, not its client proxy: a request calls it several times (see Gatekeeper's constructor).
        this.gate = ClientProxy.unwrap(gate);
        this.clock = clock;
        this.operatorPrefixes = this.config.operatorPrefixes().toArray(String[]::new);
    }

    void start(@Observes StartupEvent event) throws InterruptedException {
        if (!config.enabled()) {
            LOG.info("Device HTTP listener disabled: devices are served on Quarkus' HTTP port");
            return;
        }
        int threads = config.ioThreads().orElse(Runtime.getRuntime().availableProcessors());
        boolean epoll = Epoll.isAvailable();
        DefaultThreadFactory threadFactory = new DefaultThreadFactory("delivery-http", true);
        group = epoll ? new EpollEventLoopGroup(threads, threadFactory) : new NioEventLoopGroup(threads, threadFactory);
        Class<? extends ServerSocketChannel> serverChannel = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        Class<? extends SocketChannel> clientChannel = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        long idleNanos = config.idleTimeout().toNanos();
        ChannelInitializer<SocketChannel> initializer = new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, idleNanos, TimeUnit.NANOSECONDS))
                        .addLast("decoder", new HttpRequestDecoder(4096, 8192, 8192))
                        .addLast("device", new DeviceHttpConnection(gate, clock, operatorPrefixes,
                                DeviceHttpListener.this::operatorServer, clientChannel, metrics));
            }
        };
        try {
            if (epoll) {
                // One listening socket per loop: the kernel spreads connections over them, and the loop that accepts
                // a connection serves it, with no hand-over between threads.
                for (int i = 0; i < threads; i++) {
                    EventLoop loop = group.next();
                    listeners.add(bootstrap(loop, loop, serverChannel, initializer)
                            .option(EpollChannelOption.SO_REUSEPORT, true)
                            .bind(config.host(), port < 0 ? config.port() : port).sync().channel());
                    port = ((InetSocketAddress) listeners.get(0).localAddress()).getPort();
                }
            } else {
                listeners.add(bootstrap(group, group, serverChannel, initializer)
                        .bind(config.host(), config.port()).sync().channel());
                port = ((InetSocketAddress) listeners.get(0).localAddress()).getPort();
            }
        } catch (RuntimeException | InterruptedException e) {
            stop(null);
            throw e;
        }
        LOG.infof("Device HTTP listening on %s:%d (%d %s event loops); operator paths %s go to Quarkus' HTTP server",
                config.host(), port, threads, epoll ? "epoll" : "NIO", config.operatorPrefixes());
    }

    private static ServerBootstrap bootstrap(EventLoopGroup parent, EventLoopGroup child,
            Class<? extends ServerSocketChannel> serverChannel, ChannelInitializer<SocketChannel> initializer) {
        return new ServerBootstrap().group(parent, child).channel(serverChannel)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                // No childOption(TCP_NODELAY): Netty's socket configs (epoll and NIO) turn Nagle off in their
                // constructors, and the option set it a second time, one more setsockopt per connection (strace).
                .childHandler(initializer);
    }

    void stop(@Observes ShutdownEvent event) {
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        listeners.clear();
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            group = null;
        }
    }

    /** The port the listener is bound to, or -1 when it is not running. */
    public int port() {
        return port;
    }

    /**
     * Where Quarkus' HTTP server listens, read once it has started: with port 0 (the default here, and in tests),
     * Quarkus publishes the port it was given in the same property.
     */
    InetSocketAddress operatorServer() {
        InetSocketAddress server = operatorServer;
        if (server == null) {
            var cfg = ConfigProvider.getConfig();
            boolean test = LaunchMode.current() == LaunchMode.TEST;
            String portName = test ? "quarkus.http.test-port" : "quarkus.http.port";
            Integer bound = Integer.getInteger(portName);
            int p = bound != null ? bound : cfg.getOptionalValue(portName, Integer.class).orElse(8080);
            String host = cfg.getOptionalValue(test ? "quarkus.http.test-host" : "quarkus.http.host", String.class)
                    .orElse("127.0.0.1");
            if (p <= 0) {
                return null; // not bound yet
            }
            if (host.equals("0.0.0.0") || host.equals("localhost") || host.equals("::") || host.equals("[::]")) {
                host = "127.0.0.1";
            }
            server = new InetSocketAddress(host, p);
            operatorServer = server;
        }
        return server;
    }
}
