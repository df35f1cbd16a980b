package io.warrenmq.management.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.warrenmq.management.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A response body that stays open: server-sent events ({@code text/event-stream}), one event of
 * JSON from {@code next} at once and then every period, as chunks of one chunked response.
 *
 * <p>The stream ends by itself after {@code maxEvents}, and the client opens a new one: why, the
 * credentials are checked when a stream opens, so a user deleted or a password changed stops
 * receiving within one stream's life. A tick is skipped while the socket is not writable (a slow
 * reader gets fewer snapshots, never a growing buffer).
 *
 * <p>Thread-safety: started and ticked on the connection's event loop only.
 */
public final class EventStream {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    private final String event;
    private final long periodMillis;
    private final int maxEvents;
    private final Supplier<Object> next;

    /** @param next one event's JSON body (maps, lists, scalars), called on the event loop */
    public EventStream(String event, long periodMillis, int maxEvents, Supplier<Object> next) {
        this.event = event;
        this.periodMillis = periodMillis;
        this.maxEvents = maxEvents;
        this.next = next;
    }

    /** Sends the head and the first event, and schedules the rest. */
    void start(ChannelHandlerContext ctx, HttpHeaders headers, boolean headOnly) {
        headers.set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        headers.set("X-Accel-Buffering", "no"); // a proxy in front must not hold the events back
        ctx.write(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, headers));
        if (headOnly) {
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            return;
        }
        int[] sent = {0};
        ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
        Runnable tick = () -> {
            if (!ctx.channel().isActive()) {
                task[0].cancel(false);
                return;
            }
            if (sent[0] >= maxEvents) {
                task[0].cancel(false);
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                return;
            }
            if (ctx.channel().isWritable() || sent[0] == 0) {
                send(ctx, sent[0] == 0);
            }
            sent[0]++;
        };
        task[0] = ctx.executor().scheduleAtFixedRate(tick, 0, periodMillis, TimeUnit.MILLISECONDS);
        ctx.channel().closeFuture().addListener(f -> task[0].cancel(false));
    }

    private void send(ChannelHandlerContext ctx, boolean first) {
        ByteBuf buf = ctx.alloc().buffer(4096);
        try (ByteBufOutputStream out = new ByteBufOutputStream(buf)) {
            if (first) {
                out.write(("retry: " + periodMillis + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.write(("event: " + event + "\ndata: ").getBytes(StandardCharsets.US_ASCII));
            Json.write(next.get(), new NonClosing(out)); // compact JSON: no newline inside the data line
            out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            buf.release();
            LOG.error("event stream {} failed", event, e);
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.writeAndFlush(new DefaultHttpContent(buf));
    }

    /** Json.write closes its stream; the event needs its trailing blank line after the JSON. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
