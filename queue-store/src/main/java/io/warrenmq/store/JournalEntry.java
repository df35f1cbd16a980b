package io.warrenmq.store;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One request handed to the journal thread: a record to write (PUBLISH, REMOVE, DELIVERED,
 * PURGE, DELETE_QUEUE) or a barrier. A publish holds one reference of each of the caller's
 * buffers (read at the indices captured at hand-over) until the journal has written them.
 *
 * <p>Thread-safety: created by any thread, then owned by the journal thread.
 */
final class JournalEntry {
    static final byte BARRIER = 100;

    final byte type;
    final long id;
    final String vhost;
    final String queue;
    final List<String> queues;
    final String exchange;
    final String routingKey;
    final ByteBuf properties;
    final int propertiesIndex;
    final int propertiesLength;
    final ByteBuf body;
    final int bodyIndex;
    final int bodyLength;
    final Runnable onDurable;
    final Consumer<Throwable> onFailure;
    final CompletableFuture<Void> barrier;
    final long enqueuedNanos;
    private boolean released;

    private JournalEntry(byte type, long id, String vhost, String queue, List<String> queues, String exchange,
                         String routingKey, ByteBuf properties, ByteBuf body, Runnable onDurable,
                         Consumer<Throwable> onFailure, CompletableFuture<Void> barrier) {
        this.type = type;
        this.id = id;
        this.vhost = vhost;
        this.queue = queue;
        this.queues = queues;
        this.exchange = exchange;
        this.routingKey = routingKey;
        this.properties = properties;
        this.propertiesIndex = properties == null ? 0 : properties.readerIndex();
        this.propertiesLength = properties == null ? 0 : properties.readableBytes();
        this.body = body;
        this.bodyIndex = body == null ? 0 : body.readerIndex();
        this.bodyLength = body == null ? 0 : body.readableBytes();
        this.onDurable = onDurable;
        this.onFailure = onFailure;
        this.barrier = barrier;
        this.enqueuedNanos = System.nanoTime();
    }

    /** A publish; retains both buffers (the caller keeps its own references). */
    static JournalEntry publish(long id, String vhost, List<String> queues, String exchange, String routingKey,
                                ByteBuf properties, ByteBuf body, Runnable onDurable, Consumer<Throwable> onFailure) {
        properties.retain();
        body.retain();
        return new JournalEntry(RecordFormat.PUBLISH, id, vhost, null, queues, exchange, routingKey, properties, body,
                onDurable, onFailure, null);
    }

    /** A paged-out copy of a transient message for one queue: flagged, lazily written, never recovered. */
    static JournalEntry pageOut(long id, String vhost, String queue, String exchange, String routingKey,
                                ByteBuf properties, ByteBuf body) {
        properties.retain();
        body.retain();
        JournalEntry e = new JournalEntry(RecordFormat.PUBLISH, id, vhost, null, List.of(queue), exchange, routingKey,
                properties, body, null, null, null);
        e.flags = new byte[] {RecordFormat.FLAG_TRANSIENT};
        return e;
    }

    /** Per-queue record flags for a paged-out transient copy; null for a publish. */
    byte[] flags;

    /** A REMOVE, DELIVERED, PURGE or DELETE_QUEUE ({@code id} unused by the last two). */
    static JournalEntry queueRecord(byte type, String vhost, String queue, long id) {
        return new JournalEntry(type, id, vhost, queue, null, null, null, null, null, null, null, null);
    }

    static JournalEntry barrier(CompletableFuture<Void> done) {
        return new JournalEntry(BARRIER, 0, null, null, null, null, null, null, null, null, null, done);
    }

    /** Gives the buffers back (once). */
    void releaseBuffers() {
        if (!released && properties != null) {
            released = true;
            properties.release();
            body.release();
        }
    }

    /** The store cannot take this request: tell whoever waits for it. */
    void fail(Throwable cause) {
        releaseBuffers();
        if (onFailure != null) {
            try {
                onFailure.accept(cause);
            } catch (RuntimeException ignored) {
                // why: a throwing callback must not stop the others from being told
            }
        }
        if (barrier != null) {
            barrier.completeExceptionally(cause);
        }
    }
}
