package io.warrenmq.server.queue;

import io.warrenmq.store.DurableStore;
import io.warrenmq.store.Message;
import io.warrenmq.store.MessageQueue;
import io.warrenmq.store.QueueEntry;
import io.warrenmq.store.StoredMessage;
import java.io.IOException;
import org.slf4j.LoggerFactory;

/**
 * How a queue's messages beyond its memory window go to the store and come back: persistent
 * ones are already stored (only their id stays in memory), transient ones are written out as
 * page-out copies; both are read back in batches as they near the head.
 *
 * <p>Thread-safety: called on the queue's loop only.
 */
final class QueuePager implements MessageQueue.Pager {
    private final DurableStore store;
    private final Queue queue;

    QueuePager(DurableStore store, Queue queue) {
        this.store = store;
        this.queue = queue;
    }

    @Override
    public QueueEntry load(long idWithFlags, int bodySize) {
        long id = idWithFlags & ~(MessageQueue.REDELIVERED_FLAG | MessageQueue.TRANSIENT_FLAG);
        boolean persistent = (idWithFlags & MessageQueue.TRANSIENT_FLAG) == 0;
        try {
            if (!store.isReadable(id)) {
                // rare: the window drained before the journal wrote the record; it is on its way
                store.sync();
            }
            StoredMessage m = store.read(id);
            return new QueueEntry(new Message(m.exchange(), m.routingKey(), m.properties(), m.body(), persistent));
        } catch (IOException e) {
            LoggerFactory.getLogger(Queue.class).error("{}: stored message {} cannot be read, skipped: {}",
                    queue, id, e.getMessage());
            return null;
        }
    }

    @Override
    public boolean canPage(long id) {
        // always: a record the journal has not written yet is waited for in load()
        return true;
    }

    @Override
    public long pageOut(QueueEntry entry) {
        Message m = entry.message();
        return store.pageOut(queue.vhost().name(), queue.name(), m.exchange(), m.routingKey(), m.properties(),
                m.body());
    }
}
