package io.warrenmq.store;

import io.netty.buffer.ByteBuf;

/**
 * A message read back from the store. The caller owns one reference of each buffer and
 * releases them (or hands them on, e.g. to a {@link Message}).
 *
 * @param id          the store's message id (as returned by {@link DurableStore#publish})
 * @param redelivered a {@code DELIVERED} record was written for this queue (always false from
 *                    {@link DurableStore#read}, which is not per queue)
 */
public record StoredMessage(long id, String exchange, String routingKey, ByteBuf properties, ByteBuf body,
                            boolean redelivered) {

    /** Releases both buffers. */
    public void release() {
        properties.release();
        body.release();
    }
}
