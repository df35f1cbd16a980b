package io.warrenmq.server.vhost;

import io.warrenmq.store.Message;

/**
 * The consumer behind a direct reply-to name ({@code amq.rabbitmq.reply-to.<key>}): the channel
 * that consumes from the {@code amq.rabbitmq.reply-to} pseudo-queue.
 *
 * <p>Thread-safety: {@link #reply} is called from the replying channel's event loop; the
 * implementation hands the message over to its own loop.
 */
public interface ReplyTarget {
    /**
     * Delivers a reply published to {@code name}. Takes ownership of one reference of
     * {@code message}: the reply is dropped (and released) if the consumer went away meanwhile.
     */
    void reply(String name, Message message);
}
