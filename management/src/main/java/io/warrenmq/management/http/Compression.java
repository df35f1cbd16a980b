package io.warrenmq.management.http;

import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Netty's compression (gzip or deflate, whatever the client accepts) for every answer but an
 * event stream: why, a compressor may hold bytes back until it has enough to emit, and an event
 * must reach the browser when it is sent.
 */
final class Compression extends HttpContentCompressor {
    @Override
    protected Result beginEncode(HttpResponse response, String acceptEncoding) throws Exception {
        String type = response.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type != null && type.startsWith("text/event-stream")) {
            return null;
        }
        return super.beginEncode(response, acceptEncoding);
    }
}
