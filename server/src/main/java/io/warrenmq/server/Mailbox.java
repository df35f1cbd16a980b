package io.warrenmq.server;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;

/**
 * The inbox of an actor that lives on one event loop (a queue, a connection): any thread posts,
 * the owning loop drains in batches.
 *
 * <p>why: posting from another thread costs one lock-free offer, and at most one task is
 * scheduled on the owner however many items arrive meanwhile, so a burst of publishes or
 * deliveries is handled in one pass followed by one {@code afterBatch} (one dispatch, one
 * flush) instead of one wake-up per item.
 *
 * <p>Thread-safety: {@link #post} from any thread; the handler runs only on {@code executor}.
 */
public final class Mailbox {
    /** Items handled per pass before yielding the loop to other work (fairness). */
    private static final int BATCH = 4096;
    private static final int IDLE = 0;
    private static final int SCHEDULED = 1;

    public interface Handler {
        /** Handles one posted item, on the owning loop. */
        void handle(Object item);

        /** Runs once after each pass over the inbox, on the owning loop. */
        void afterBatch();
    }

    private final EventExecutor executor;
    private final Handler handler;
    /** A connection's inbox: few per broker, busy, so large chunks kept for reuse. */
    private static final int CONNECTION_CHUNK = 1024;
    /**
     * A queue's inbox: one per queue, so it is what an idle queue costs. Small chunks and none kept
     * for reuse: 1024-slot chunks with one pooled cost 8 KB per queue, most of an idle queue's
     * 11 KB (QueueMemoryBenchmark); a 64-slot chunk is 270 bytes, and a busy queue allocates one
     * more chunk per 64 posts (about 4 bytes per message).
     */
    private static final int QUEUE_CHUNK = 64;

    /**
     * Null until the first post: an idle queue, and a socket that never finishes its handshake (a
     * connection's first post comes after open), then cost no inbox.
     */
    private volatile org.jctools.queues.MessagePassingQueue<Object> inbox;
    private final boolean small;
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final Runnable drainTask = this::drain;

    /** A connection's mailbox (large chunks, pooled). */
    public Mailbox(EventExecutor executor, Handler handler) {
        this(executor, handler, false);
    }

    /** {@code small}: a queue's mailbox, sized for the many idle queues a broker may hold. */
    public Mailbox(EventExecutor executor, Handler handler, boolean small) {
        this.executor = executor;
        this.handler = handler;
        this.small = small;
    }

    /** The inbox, created by the first post that finds none (any thread; the lock is taken once per mailbox). */
    private org.jctools.queues.MessagePassingQueue<Object> inbox() {
        org.jctools.queues.MessagePassingQueue<Object> q = inbox;
        if (q != null) {
            return q;
        }
        synchronized (this) { // once per queue mailbox, on its first post
            if (inbox == null) {
                inbox = small ? new org.jctools.queues.MpscUnboundedArrayQueue<>(QUEUE_CHUNK)
                        : new MpscUnboundedXaddArrayQueue<>(CONNECTION_CHUNK);
            }
            return inbox;
        }
    }

    public EventExecutor executor() {
        return executor;
    }

    /**
     * Whether nothing is posted and no pass is running or scheduled. From any thread; true means
     * that every item posted before this call has been handled, and whatever its handler published
     * (with a volatile write before the pass ended) is visible to the caller.
     */
    public boolean idle() {
        org.jctools.queues.MessagePassingQueue<Object> q = inbox;
        return state.get() == IDLE && (q == null || q.isEmpty());
    }

    public void post(Object item) {
        inbox().offer(item);
        if (state.get() == IDLE && state.compareAndSet(IDLE, SCHEDULED)) {
            executor.execute(drainTask);
        }
    }

    private void drain() {
        org.jctools.queues.MessagePassingQueue<Object> inbox = this.inbox; // set: a post scheduled this drain
        int n = 0;
        for (Object item; n < BATCH && (item = inbox.relaxedPoll()) != null; n++) {
            try {
                handler.handle(item);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Mailbox.class).error("mailbox item failed", e);
            }
        }
        try {
            handler.afterBatch();
        } finally {
            state.set(IDLE);
            // why: an item offered after our last poll but before IDLE was set saw SCHEDULED
            // and did not schedule; re-check so it is not stranded.
            if (!inbox.isEmpty() && state.compareAndSet(IDLE, SCHEDULED)) {
                executor.execute(drainTask);
            }
        }
    }
}
