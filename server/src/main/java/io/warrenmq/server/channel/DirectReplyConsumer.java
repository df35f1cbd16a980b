package io.warrenmq.server.channel;

import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import io.warrenmq.server.vhost.DirectReplies;
import io.warrenmq.server.vhost.ReplyTarget;
import io.warrenmq.store.Message;

/**
 * A channel's consumer of the {@code amq.rabbitmq.reply-to} pseudo-queue (RabbitMQ's direct
 * reply-to, https://www.rabbitmq.com/docs/direct-reply-to): at most one per channel, no-ack only.
 * Requests the channel publishes with {@code reply-to: amq.rabbitmq.reply-to} carry this
 * consumer's generated name instead; replies published to that name are delivered here without
 * any queue, and are lost if the consumer is gone (as in RabbitMQ: nothing buffers them).
 *
 * <p>Thread-safety: created, used and cancelled on the channel's loop; {@link #reply} is called
 * from responders' loops and only posts to the channel's mailbox.
 */
final class DirectReplyConsumer implements ReplyTarget {
    private final AmqpChannel channel;
    private final DirectReplies registry;
    private final String tag;
    private final String name;
    private volatile boolean cancelled;

    private DirectReplyConsumer(AmqpChannel channel, DirectReplies registry, String tag) {
        this.channel = channel;
        this.registry = registry;
        this.tag = tag;
        this.name = registry.register(this);
    }

    /** basic.consume on the pseudo-queue, with RabbitMQ's checks and texts. */
    static DirectReplyConsumer consume(AmqpChannel channel, DirectReplyConsumer existing, String tag, boolean noAck) {
        if (!noAck) {
            throw AmqpException.of(ReplyCode.PRECONDITION_FAILED, "reply consumer cannot acknowledge");
        }
        if (existing != null) {
            throw AmqpException.of(ReplyCode.PRECONDITION_FAILED, "reply consumer already set");
        }
        return new DirectReplyConsumer(channel, channel.connection().vhost().directReplies(), tag);
    }

    String tag() {
        return tag;
    }

    /** The generated reply-to value requests carry: {@code amq.rabbitmq.reply-to.<key>}. */
    String name() {
        return name;
    }

    void cancel() {
        cancelled = true;
        registry.unregister(name);
    }

    @Override
    public void reply(String replyName, Message message) {
        channel.mailbox().post((Runnable) () -> deliver(message));
    }

    /** On the channel's loop: a basic.deliver with the next delivery tag, never recorded as unacked. */
    private void deliver(Message message) {
        try {
            if (!cancelled && channel.isOpen()) {
                channel.connection().out().deliver(channel.id(), tag, channel.nextDeliveryTag(), false,
                        message.exchange(), message.routingKey(), message.properties(), message.body());
            }
        } finally {
            message.release();
        }
    }
}
