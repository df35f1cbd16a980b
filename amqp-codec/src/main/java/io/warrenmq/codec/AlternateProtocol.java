package io.warrenmq.codec;

import io.netty.channel.ChannelHandlerContext;

/**
 * Another protocol spoken on the same port, recognised by its 8-octet header (AMQP 1.0's
 * {@code AMQP 3 1 0 0} and {@code AMQP 0 1 0 0}, as RabbitMQ 4.x listens for both on 5672).
 *
 * <p>why here and not in the broker: the header check is the codec's; what the other protocol is,
 * the codec does not know. It only asks, for a header that starts with {@code AMQP} but is not
 * 0-9-1's, whether someone takes the connection over.
 */
@FunctionalInterface
public interface AlternateProtocol {
    /**
     * Called on the connection's loop with the 8 header octets; returns true if it rebuilt the
     * pipeline after {@code ctx}'s handler to speak its protocol (the header handler then removes
     * itself and hands the bytes that followed the header to the new handlers), false to refuse.
     */
    boolean takeOver(ChannelHandlerContext ctx, byte[] header);
}
