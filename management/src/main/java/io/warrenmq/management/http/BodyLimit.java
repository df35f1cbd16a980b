package io.warrenmq.management.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Netty's aggregator with RabbitMQ's answer to a body over {@code management.http.max_body_size}:
 * 400 {@code {"error":"bad_request","reason":"Exceeded HTTP request body size limit"}} (what
 * rabbit_mgmt_util answers for {@code http_body_limit_exceeded}) instead of Netty's empty 413. The
 * body is never buffered past the limit: a declared Content-Length over it is refused before a
 * byte of it is read, a chunked body as soon as it crosses it; then the connection closes.
 *
 * <p>Thread-safety: one per connection, on its event loop.
 */
final class BodyLimit extends HttpObjectAggregator {
    static final String REASON = "Exceeded HTTP request body size limit";

    BodyLimit(int maxBodySize) {
        super(maxBodySize);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        byte[] body = ("{\"error\":\"bad_request\",\"reason\":\"" + REASON + "\"}").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST,
                Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }
}
