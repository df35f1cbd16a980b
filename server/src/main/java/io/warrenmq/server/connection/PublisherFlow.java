package io.warrenmq.server.connection;

import io.warrenmq.server.Mailbox;
import io.warrenmq.server.queue.FlowWaiter;
import io.warrenmq.server.queue.Queue;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A connection's side of publisher flow control: the congested queues it published to. While
 * there is any, the connection does not read its socket (so the client's TCP window closes and it
 * slows down, as in RabbitMQ's "flow" state); when the last one clears, reading resumes. Nothing is sent to the client: unlike an alarm, flow is routine
 * and short.
 *
 * <p>Thread-safety: confined to the connection's event loop; {@link #decongested} arrives from
 * queue loops and is posted to the mailbox.
 */
final class PublisherFlow implements FlowWaiter {
    /** What pausing does to the connection; {@link ConnectionHandler} implements it. */
    interface Reader {
        /** Reading may go on: no congested queue holds this connection back any more. */
        void flowResumed();
    }

    private final Mailbox mailbox;
    private final Reader reader;
    private final Set<Queue> congested = Collections.newSetFromMap(new IdentityHashMap<>());

    PublisherFlow(Mailbox mailbox, Reader reader) {
        this.mailbox = mailbox;
        this.reader = reader;
    }

    /**
     * A publish just went to {@code queue}: if it is congested, this connection is held back;
     * returns whether it must stop reading now.
     */
    boolean published(Queue queue) {
        if (queue.flow().congested() && congested.add(queue)) {
            queue.flow().await(this);
            return true;
        }
        return false;
    }

    /** Whether the connection should stop reading. */
    boolean paused() {
        return !congested.isEmpty();
    }

    @Override
    public void decongested(Queue queue) {
        mailbox.post((Runnable) () -> {
            if (congested.remove(queue) && congested.isEmpty()) {
                reader.flowResumed();
            }
        });
    }

    /** The connection closed: nothing to resume. */
    void clear() {
        congested.clear();
    }
}
