package io.warrenmq.store;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;

/**
 * One published message: where it was published to, its raw content-header properties and
 * its body, exactly as the publisher sent them.
 *
 * <p>The store never parses AMQP: {@code properties} is the opaque property-flags-and-list
 * block of the content header, re-sent verbatim on delivery (why: no re-encoding per delivery).
 *
 * <p>Reference counted: each queue the message is routed to holds one reference, and whoever
 * holds a {@link QueueEntry} owns that reference (the queue while ready, the consuming channel
 * while unacknowledged). The last release frees both buffers.
 *
 * <p>Thread-safety: immutable apart from the atomic reference count; safe to share.
 */
public final class Message extends AbstractReferenceCounted {
    private final String exchange;
    private final String routingKey;
    private final ByteBuf properties;
    private final ByteBuf body;
    private final boolean persistent;

    /** Takes ownership of one reference of each buffer. */
    public Message(String exchange, String routingKey, ByteBuf properties, ByteBuf body, boolean persistent) {
        this.exchange = exchange;
        this.routingKey = routingKey;
        this.properties = properties;
        this.body = body;
        this.persistent = persistent;
    }

    public String exchange() {
        return exchange;
    }

    public String routingKey() {
        return routingKey;
    }

    /** The raw content-header property block; do not modify its indices. */
    public ByteBuf properties() {
        return properties;
    }

    /** The body; do not modify its indices (use absolute gets or duplicates). */
    public ByteBuf body() {
        return body;
    }

    public int bodySize() {
        return body.readableBytes();
    }

    /** delivery-mode 2 as the publisher set it. */
    public boolean persistent() {
        return persistent;
    }

    @Override
    protected void deallocate() {
        properties.release();
        body.release();
    }

    @Override
    public ReferenceCounted touch(Object hint) {
        body.touch(hint);
        return this;
    }

    @Override
    public Message retain() {
        super.retain();
        return this;
    }
}
