package io.warrenmq.server.queue;

import io.netty.channel.EventLoop;
import io.warrenmq.server.Mailbox;
import io.warrenmq.store.QueueEntry;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A consumer's owner for queue tests: always accepting, its mailbox items and its deliveries
 * handed to the test's callbacks, cancellations ignored.
 */
final class TestOwner implements ConsumerOwner {
    private final Mailbox mailbox;
    private final BiConsumer<io.warrenmq.server.queue.Consumer, QueueEntry> deliveries;

    TestOwner(EventLoop loop, Consumer<Object> mailboxItems,
              BiConsumer<io.warrenmq.server.queue.Consumer, QueueEntry> deliveries) {
        this.deliveries = deliveries;
        this.mailbox = new Mailbox(loop, new Mailbox.Handler() {
            @Override
            public void handle(Object item) {
                mailboxItems.accept(item);
            }

            @Override
            public void afterBatch() {
            }
        });
    }

    @Override
    public Mailbox mailbox() {
        return mailbox;
    }

    @Override
    public boolean acceptingDeliveries() {
        return true;
    }

    @Override
    public void deliver(io.warrenmq.server.queue.Consumer consumer, QueueEntry entry) {
        deliveries.accept(consumer, entry);
    }

    @Override
    public void cancelledByQueue(io.warrenmq.server.queue.Consumer consumer) {
    }
}
