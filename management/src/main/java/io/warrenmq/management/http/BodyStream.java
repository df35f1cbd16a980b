package io.warrenmq.management.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.OutputStream;

/**
 * A response body written as a stream: up to {@link #CHUNK} bytes it becomes one response with a
 * Content-Length; past that the headers go out with {@code Transfer-Encoding: chunked} and every
 * full buffer is sent as a chunk, so a big listing is never held as one giant buffer.
 *
 * <p>Used only on the channel's event loop.
 */
final class BodyStream extends OutputStream {
    static final int CHUNK = 64 * 1024;

    private final ChannelHandlerContext ctx;
    private final HttpResponseStatus status;
    private final HttpHeaders headers;
    private ByteBuf buf;
    private boolean chunked;
    private boolean closed;

    BodyStream(ChannelHandlerContext ctx, HttpResponseStatus status, HttpHeaders headers) {
        this.ctx = ctx;
        this.status = status;
        this.headers = headers;
        this.buf = ctx.alloc().buffer(4096);
    }

    @Override
    public void write(int b) {
        buf.writeByte(b);
        maybeFlushChunk();
    }

    @Override
    public void write(byte[] b, int off, int len) {
        buf.writeBytes(b, off, len);
        maybeFlushChunk();
    }

    private void maybeFlushChunk() {
        if (buf.readableBytes() < CHUNK) {
            return;
        }
        if (!chunked) {
            chunked = true;
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status, headers);
            ctx.write(head);
        }
        ctx.write(new DefaultHttpContent(buf));
        buf = ctx.alloc().buffer(CHUNK + 4096);
    }

    /** Sends what is left; returns the future of the last write. */
    io.netty.channel.ChannelFuture finish() {
        closed = true;
        if (chunked) {
            return ctx.writeAndFlush(buf.isReadable() ? new DefaultLastHttpContent(buf) : releaseAndLast());
        }
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, buf.readableBytes());
        DefaultFullHttpResponse full = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, buf, headers,
                io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
        return ctx.writeAndFlush(full);
    }

    private DefaultLastHttpContent releaseAndLast() {
        buf.release();
        return new DefaultLastHttpContent();
    }

    /** On a failure before {@link #finish}: frees the buffer; true if nothing was sent yet. */
    boolean abandon() {
        if (!closed) {
            closed = true;
            buf.release();
        }
        return !chunked;
    }

    @Override
    public void close() {
        // finish() sends; close() from the JSON generator must not
    }
}
