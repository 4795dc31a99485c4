package io.keyturn.delivery.serve;

import io.keyturn.delivery.store.StoredFile;
import io.keyturn.events.delivery.DeliveryProtocol;
import io.keyturn.events.delivery.DenialReason;
import io.keyturn.events.delivery.FetchResult;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One connection of the {@link DeviceHttpListener}. Device requests get the same answers as on Quarkus' port
 * ({@link HttpDelivery}): GET and HEAD only, a bare 404 for every refusal whatever its cause, 429 for a rate-limited
 * source, 503 when the store cannot answer. Pipelined requests are answered in order: while one waits for the store,
 * the ones behind it wait too, and reading stops.
 *
 * <p>A request for an operator path turns the connection into a tunnel to Quarkus' HTTP server: the request, as it
 * came, and every byte after it, either way, until one side closes. Quarkus then answers everything on that connection.
 */
final class DeviceHttpConnection extends ChannelInboundHandlerAdapter {

    private static final Fixed NOT_FOUND = new Fixed(404, "Not Found", "");
    private static final Fixed METHOD_NOT_ALLOWED = new Fixed(405, "Method Not Allowed", "Allow: GET, HEAD\r\n");
    private static final Fixed TOO_MANY = new Fixed(429, "Too Many Requests", "Retry-After: 60\r\n");
    private static final Fixed UNAVAILABLE = new Fixed(503, "Service Unavailable", "Retry-After: 60\r\n");
    private static final Fixed BAD_REQUEST = new Fixed(400, "Bad Request", "");
    private static final Fixed URI_TOO_LONG = new Fixed(414, "URI Too Long", "");
    private static final Fixed HEADERS_TOO_LARGE = new Fixed(431, "Request Header Fields Too Large", "");
    private static final Fixed OPERATOR_DOWN = new Fixed(503, "Service Unavailable", "");

    private final Gatekeeper gate;
    private final Clock clock;
    private final String[] operatorPrefixes;
    private final Supplier<InetSocketAddress> operatorServer;
    private final Class<? extends SocketChannel> clientChannel;
    private final DeviceHttpMetrics metrics;
    /** Requests read while an earlier one waits for the store. */
    private final ArrayDeque<HttpRequest> waiting = new ArrayDeque<>(2);
    private String peer;
    private boolean busy;
    private boolean closing;
    private boolean unflushed;
    /** Set once the connection is passed to Quarkus: bytes read meanwhile are kept until the tunnel is open. */
    private Tunnel tunnel;

    DeviceHttpConnection(Gatekeeper gate, Clock clock, String[] operatorPrefixes,
                         Supplier<InetSocketAddress> operatorServer, Class<? extends SocketChannel> clientChannel,
                         DeviceHttpMetrics metrics) {
        this.gate = gate;
        this.metrics = metrics;
        this.clock = clock;
        this.operatorPrefixes = operatorPrefixes;
        this.operatorServer = operatorServer;
        this.clientChannel = clientChannel;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (tunnel != null) {
            if (msg instanceof ByteBuf bytes) {
                tunnel.forward(bytes);
            } else {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        if (msg instanceof HttpRequest request && !closing) {
            // After a response that closes the connection, requests still read are dropped (and released below).
            if (busy) {
                waiting.add(request);
                ctx.channel().config().setAutoRead(false);
            } else {
                answer(ctx, request);
            }
        }
        // Bodies (a GET may carry one) are read and dropped; the answer never depends on them.
        ReferenceCountUtil.release(msg instanceof HttpContent ? msg : null);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
        // A client that pipelines requests and does not read the answers: stop reading until it catches up, so that
        // the answers waiting for it stay bounded (Netty's write-buffer high-water mark, 64 KiB).
        if (tunnel == null && !ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (tunnel == null && !busy && !closing && ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        metrics.opened();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        metrics.closed();
        if (tunnel != null) {
            tunnel.close();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset by the peer, mostly: nothing to answer, and nothing worth a log line per connection.
        ctx.close();
    }

    private void answer(ChannelHandlerContext ctx, HttpRequest req) {
        DecoderResult decoded = req.decoderResult();
        if (decoded.isFailure()) {
            Throwable cause = decoded.cause();
            send(ctx, cause instanceof TooLongHttpLineException ? URI_TOO_LONG
                    : cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException
                    ? HEADERS_TOO_LARGE : BAD_REQUEST, false);
            return;
        }
        if (!validTarget(req.uri())) {
            // Not a URI (RFC 3986 §2): refused by the parser, as Quarkus' server did, before any path rule.
            send(ctx, BAD_REQUEST, false);
            return;
        }
        String path = pathOf(req.uri());
        for (String prefix : operatorPrefixes) {
            if (path.startsWith(prefix)) {
                toOperatorServer(ctx, req);
                return;
            }
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpHeaders headers = req.headers();
        FetchRequest request = FetchRequest.now(path, DeliveryProtocol.HTTP, peer(ctx),
                headers.get(HttpHeaderNames.USER_AGENT), null, clock);
        boolean head = HttpMethod.HEAD.equals(req.method());
        switch (DeviceAnswers.screen(gate, request, req.method().name())) {
            case METHOD_NOT_ALLOWED -> {
                send(ctx, METHOD_NOT_ALLOWED, keepAlive);
                return;
            }
            case MALFORMED -> {
                send(ctx, NOT_FOUND, keepAlive);
                return;
            }
            case MTLS_BOOTSTRAP -> {
                // The mTLS bootstrap holds a key: only the HTTPS listener, with that device's certificate, serves it.
                gate.refuse(request, DenialReason.CLIENT_CERTIFICATE_REQUIRED,
                        DevicePath.mtlsBootstrapMac(path).orElseThrow(), null);
                send(ctx, NOT_FOUND, keepAlive);
                return;
            }
            case LOOKUP -> {
                // below
            }
        }
        String ifNoneMatch = headers.get(HttpHeaderNames.IF_NONE_MATCH);
        Gatekeeper.Answer now = gate.resolveNow(request);
        if (now != null) {
            respond(ctx, request, now, head, keepAlive, ifNoneMatch);
            return;
        }
        busy = true;
        gate.resolve(request).whenComplete((answer, failure) -> {
            Gatekeeper.Answer a = failure != null ? new Gatekeeper.Answer.Unavailable() : answer;
            if (ctx.executor().inEventLoop()) {
                resume(ctx, request, a, head, keepAlive, ifNoneMatch);
            } else {
                ctx.executor().execute(() -> resume(ctx, request, a, head, keepAlive, ifNoneMatch));
            }
        });
    }

    /** Answers the request that waited for the store, then those read behind it. */
    private void resume(ChannelHandlerContext ctx, FetchRequest request, Gatekeeper.Answer answer, boolean head,
                        boolean keepAlive, String ifNoneMatch) {
        busy = false;
        if (!ctx.channel().isActive()) {
            waiting.clear();
            return;
        }
        respond(ctx, request, answer, head, keepAlive, ifNoneMatch);
        while (!busy && !closing && tunnel == null && !waiting.isEmpty()) {
            answer(ctx, waiting.poll());
        }
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
        if (!busy && tunnel == null && ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void respond(ChannelHandlerContext ctx, FetchRequest request, Gatekeeper.Answer answer, boolean head,
                         boolean keepAlive, String ifNoneMatch) {
        DeviceAnswers.Reply reply = DeviceAnswers.reply(gate, request, answer, ifNoneMatch);
        switch (reply) {
            case CONTENT -> {
                StoredFile.Live file = ((Gatekeeper.Answer.Serve) answer).file();
                byte[] content = file.content();
                metrics.answered(reply.status());
                ByteBuf responseHead = head(ctx.alloc(), OK, file.sha256(), file.contentType(), content.length,
                        keepAlive);
                if (head) {
                    write(ctx, responseHead, null, keepAlive);
                    return;
                }
                ctx.write(responseHead, ctx.voidPromise());
                write(ctx, Unpooled.wrappedBuffer(content), future -> gate.served(request, file,
                        future.isSuccess() ? FetchResult.COMPLETED : FetchResult.ABORTED,
                        future.isSuccess() ? content.length : 0), keepAlive);
            }
            case NOT_MODIFIED -> {
                metrics.answered(reply.status());
                write(ctx, head(ctx.alloc(), NOT_MODIFIED, ((Gatekeeper.Answer.Serve) answer).file().sha256(), null,
                        -1, keepAlive), null, keepAlive);
            }
            case TOO_MANY -> send(ctx, TOO_MANY, keepAlive);
            case UNAVAILABLE -> send(ctx, UNAVAILABLE, keepAlive);
            case NOT_FOUND -> send(ctx, NOT_FOUND, keepAlive);
        }
    }

    private void send(ChannelHandlerContext ctx, Fixed response, boolean keepAlive) {
        metrics.answered(response.status);
        write(ctx, response.bytes(ctx.alloc(), keepAlive), null, keepAlive);
    }

    /** Writes the end of a response; unless the client keeps the connection, it is closed once that is written. */
    private void write(ChannelHandlerContext ctx, ByteBuf last, ChannelFutureListener done, boolean keepAlive) {
        if (done == null && keepAlive) {
            ctx.write(last, ctx.voidPromise());
        } else {
            ChannelFuture future = ctx.write(last);
            if (done != null) {
                future.addListener(done);
            }
            if (!keepAlive) {
                closing = true;
                future.addListener(ChannelFutureListener.CLOSE);
            }
        }
        unflushed = true;
    }

    static final byte[] OK = "HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] NOT_MODIFIED = "HTTP/1.1 304 Not Modified\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NO_STORE_ETAG = "Cache-Control: no-store\r\nETag: \"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ETAG_END = "\"\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_TYPE = "Content-Type: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = "\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE_END = "Connection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * The head of a 200 or 304 ({@code statusLine}), written straight into the buffer from constant bytes rather than
     * built as a string (a fresh 224-character builder per response, then encoded byte by byte), where JFR had put
     * about a tenth of the loops' Java samples at a keep-alive peak. Less garbage per response; the CPU per request
     * measured no different within the benchmark's drift (bench/README.md).
     */
    static ByteBuf head(ByteBufAllocator alloc, byte[] statusLine, String sha256, String contentType, int length,
                        boolean keepAlive) {
        byte[] date = HttpDate.now().bytes;
        // Room for every part but the two strings' own lengths: up to 70 bytes (the tag's end, the type's and the
        // length's names, ten digits, the line ends, "Connection: close"), so the buffer never has to grow.
        ByteBuf h = alloc.buffer(statusLine.length + date.length + NO_STORE_ETAG.length + sha256.length() + 80
                + (contentType == null ? 0 : contentType.length()));
        h.writeBytes(statusLine).writeBytes(date).writeBytes(NO_STORE_ETAG);
        h.writeCharSequence(sha256, StandardCharsets.US_ASCII);
        h.writeBytes(ETAG_END);
        if (contentType != null) {
            h.writeBytes(CONTENT_TYPE);
            h.writeCharSequence(contentType, StandardCharsets.US_ASCII);
            h.writeBytes(CRLF);
        }
        if (length >= 0) {
            h.writeBytes(CONTENT_LENGTH);
            writeDecimal(h, length);
            h.writeBytes(CRLF);
        }
        return h.writeBytes(keepAlive ? CRLF : CLOSE_END);
    }

    /** Writes a non-negative {@code value} in decimal ASCII digits. */
    private static void writeDecimal(ByteBuf out, int value) {
        int divisor = 1;
        while (value / divisor >= 10) {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10) {
            out.writeByte('0' + value / divisor % 10);
        }
    }

    private String peer(ChannelHandlerContext ctx) {
        if (peer == null) {
            peer = ctx.channel().remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
                    ? FetchRequest.literal(a.getAddress()) : "0.0.0.0";
        }
        return peer;
    }

    /** Whether every character of a request target may appear in a URI: printable ASCII but space {@code "<>\^`{|}}. */
    static boolean validTarget(String uri) {
        if (uri.isEmpty()) {
            return false;
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c <= ' ' || c >= 0x7f || "\"<>\\^`{|}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** The path of a request target: origin form as it is, absolute form without its scheme and authority. */
    static String pathOf(String uri) {
        String path = uri;
        int scheme = path.indexOf("://");
        if (scheme > 0 && scheme < 8 && path.charAt(0) != '/') {
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        int end = path.length();
        int query = path.indexOf('?');
        if (query >= 0) {
            end = query;
        }
        int fragment = path.indexOf('#');
        if (fragment >= 0 && fragment < end) {
            end = fragment;
        }
        return end == path.length() ? path : path.substring(0, end);
    }

    // ---- operator connections -------------------------------------------------------------------------------------

    /**
     * Passes the connection to Quarkus from this request on: the decoder goes (what it holds beyond the request's head
     * comes through as bytes), the head is written again as it came, and the bytes follow.
     */
    private void toOperatorServer(ChannelHandlerContext ctx, HttpRequest req) {
        InetSocketAddress server = operatorServer.get();
        if (server == null) {
            send(ctx, OPERATOR_DOWN, false);
            ctx.flush();
            return;
        }
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
        metrics.tunnelled();
        tunnel = new Tunnel(ctx.channel());
        tunnel.forward(encodeHead(req));
        // Requests read behind it (pipelined, while an earlier one waited for the store) follow it; their bodies,
        // if any, were dropped, so this is for the plain GETs a client pipelines.
        while (!waiting.isEmpty()) {
            tunnel.forward(encodeHead(waiting.poll()));
        }
        ctx.channel().config().setAutoRead(false);
        if (ctx.pipeline().get("decoder") != null) {
            ctx.pipeline().remove("decoder");
        }
        tunnel.open(server);
    }

    private static ByteBuf encodeHead(HttpRequest req) {
        StringBuilder h = new StringBuilder(256).append(req.method().name()).append(' ').append(req.uri()).append(' ')
                .append(req.protocolVersion().text()).append("\r\n");
        for (Map.Entry<String, String> header : req.headers()) {
            h.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        h.append("\r\n");
        return Unpooled.wrappedBuffer(h.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Both directions of an operator connection, client to Quarkus and back, with back-pressure each way. */
    private final class Tunnel {
        private final Channel client;
        private final ArrayDeque<ByteBuf> early = new ArrayDeque<>();
        private Channel server;
        private boolean closed;

        Tunnel(Channel client) {
            this.client = client;
        }

        void open(InetSocketAddress address) {
            new Bootstrap().group(client.eventLoop()).channel(clientChannel)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.AUTO_READ, false)
                    .handler(new Relay(client))
                    .connect(address).addListener((ChannelFutureListener) f -> {
                        if (!f.isSuccess()) {
                            releaseEarly();
                            client.writeAndFlush(OPERATOR_DOWN.bytes(client.alloc(), false))
                                    .addListener(ChannelFutureListener.CLOSE);
                            return;
                        }
                        server = f.channel();
                        if (closed) {
                            server.close();
                            releaseEarly();
                            return;
                        }
                        while (!early.isEmpty()) {
                            server.write(early.poll());
                        }
                        server.flush();
                        server.read();
                        client.pipeline().remove(DeviceHttpConnection.this);
                        client.pipeline().addLast("tunnel", new Relay(server));
                        client.read();
                    });
        }

        void forward(ByteBuf bytes) {
            if (server == null) {
                early.add(bytes);
            } else {
                server.writeAndFlush(bytes);
            }
        }

        void close() {
            closed = true;
            releaseEarly();
            if (server != null) {
                server.close();
            }
        }

        private void releaseEarly() {
            while (!early.isEmpty()) {
                early.poll().release();
            }
        }
    }

    /** Copies what one channel reads to the other, reading on only once the copy is written. */
    private static final class Relay extends ChannelInboundHandlerAdapter {
        private final Channel other;

        Relay(Channel other) {
            this.other = other;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!other.isActive()) {
                ReferenceCountUtil.release(msg);
                return;
            }
            other.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    ctx.channel().read();
                } else {
                    f.channel().close();
                    ctx.channel().close();
                }
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (other.isActive()) {
                other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                ctx.close();
                other.close();
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    // ---- fixed answers --------------------------------------------------------------------------------------------

    /** A response without a body: its status line and headers but the date, for a connection kept and for one closed. */
    private static final class Fixed {
        final int status;
        final byte[] statusLine;
        final byte[] open;
        final byte[] close;

        Fixed(int status, String reason, String headers) {
            this.status = status;
            this.statusLine = ("HTTP/1.1 " + status + " " + reason + "\r\n").getBytes(StandardCharsets.US_ASCII);
            this.open = (headers + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            this.close = (headers + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
        }

        ByteBuf bytes(ByteBufAllocator alloc, boolean keepAlive) {
            byte[] date = HttpDate.now().bytes;
            byte[] rest = keepAlive ? open : close;
            return alloc.buffer(statusLine.length + date.length + rest.length).writeBytes(statusLine).writeBytes(date)
                    .writeBytes(rest);
        }
    }

    /**
     * The {@code Date} header (RFC 9110 §6.6.1: an origin server with a clock sends one on every 2xx, 3xx and 4xx),
     * formatted once a second rather than per response.
     */
    static final class HttpDate {
        private static volatile HttpDate current = new HttpDate(Long.MIN_VALUE);

        final long second;
        final String text;
        final byte[] bytes;

        private HttpDate(long second) {
            this.second = second;
            this.text = second == Long.MIN_VALUE ? ""
                    : "Date: " + DateFormatter.format(new java.util.Date(second * 1000)) + "\r\n";
            this.bytes = text.getBytes(StandardCharsets.US_ASCII);
        }

        static HttpDate now() {
            long second = Math.floorDiv(System.currentTimeMillis(), 1000);
            HttpDate date = current;
            if (date.second != second) {
                date = new HttpDate(second);
                current = date;
            }
            return date;
        }
    }
}
