package io.warrenmq.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.ScheduledFuture;
import io.warrenmq.codec.FrameWriter;
import io.warrenmq.codec.method.BasicMethod;
import io.warrenmq.codec.types.BasicProperties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes to one queue through the default exchange over one {@link ClientConnection}, pipelined:
 * it never waits for a message, only for the socket (Netty writability), for the broker
 * ({@code connection.blocked}) and, in confirm mode, for the window of unconfirmed messages.
 *
 * <p>// why: each message's three frames ({@code basic.publish}, content header, body) are encoded
 * once into a template and copied into 64 KiB chunks; the body's first 8 bytes are overwritten with
 * {@code System.nanoTime()} for the consumer's latency. Per message the publisher allocates nothing.
 *
 * <p>A pass writes at most {@link #MAX_PER_PASS} messages, then re-queues itself on the event loop,
 * so the same loop still reads confirms and deliveries in between.
 *
 * <p>Thread-safety: {@link #start}, {@link #publish}, {@link #stop} and the counters from any thread;
 * everything else runs on the connection's event loop.
 */
final class Publisher implements ClientConnection.Listener {
    private static final int CHUNK = 64 * 1024;
    private static final int MAX_PER_PASS = 2048;
    private static final long TICK_MS = 10;

    private final ClientConnection connection;
    private final byte[] template;
    private final int timestampOffset;
    private final int confirmWindow;
    private final ConfirmTracker confirms;
    private final Runnable pumpTask = this::pump;

    private final AtomicLong published = new AtomicLong();

    // event-loop confined
    private long budget;
    private long sent;
    private boolean pumpScheduled;
    private ScheduledFuture<?> ticker;

    /**
     * @param confirmWindow 0 without confirms; otherwise the channel is in confirm mode and at most
     *                      this many messages are unconfirmed at any time
     */
    Publisher(ClientConnection connection, String queue, int bodySize, boolean persistent, int confirmWindow) {
        this.connection = connection;
        this.confirmWindow = confirmWindow;
        this.confirms = new ConfirmTracker(Math.max(confirmWindow, 1));
        ByteBuf t = Unpooled.buffer();
        FrameWriter.writeMethod(t, ClientConnection.CHANNEL, new BasicMethod.Publish("", queue, false, false));
        BasicProperties props = new BasicProperties(null, null, null, persistent ? 2 : 1, null, null, null, null,
                null, null, null, null, null, null);
        FrameWriter.writeHeader(t, ClientConnection.CHANNEL, BasicMethod.CLASS_ID, bodySize, props);
        this.timestampOffset = bodySize >= 8 ? t.writerIndex() + 7 : -1;
        ByteBuf body = Unpooled.buffer(bodySize).writeZero(bodySize);
        int maxPayload = connection.frameMax() - 8;
        for (int offset = 0; offset < bodySize; offset += maxPayload) {
            FrameWriter.writeBody(t, ClientConnection.CHANNEL, body, offset, Math.min(maxPayload, bodySize - offset));
        }
        this.template = new byte[t.readableBytes()];
        t.readBytes(template);
    }

    /** Messages handed to the socket so far. */
    long published() {
        return published.get();
    }

    /** Messages the broker confirmed (basic.ack). */
    long confirmed() {
        return confirms.acked();
    }

    /** Messages the broker refused (basic.nack). */
    long nacked() {
        return confirms.nacked();
    }

    /** Publishes without end ({@code ratePerSecond} 0) or at about that rate, until {@link #stop}. */
    void start(int ratePerSecond) {
        connection.loop().execute(() -> {
            if (ratePerSecond <= 0) {
                budget = Long.MAX_VALUE;
                schedulePump();
                return;
            }
            long perTick = Math.max(1, ratePerSecond * TICK_MS / 1000);
            ticker = connection.loop().scheduleAtFixedRate(() -> {
                // why: a stalled socket must not bank more than a tick's worth, or it bursts afterwards
                budget = Math.min(budget + perTick, perTick * 2);
                schedulePump();
            }, 0, TICK_MS, TimeUnit.MILLISECONDS);
        });
    }

    /** Publishes {@code n} more messages (for the end-to-end benchmark: one batch per invocation). */
    void publish(long n) {
        connection.loop().execute(() -> {
            budget += n;
            schedulePump();
        });
    }

    /** Stops publishing; messages already handed to the socket still go. */
    void stop() {
        connection.loop().execute(() -> {
            budget = 0;
            if (ticker != null) {
                ticker.cancel(false);
            }
        });
    }

    @Override
    public void writable() {
        schedulePump();
    }

    @Override
    public void confirmed(long deliveryTag, boolean multiple, boolean ack) {
        boolean wasFull = windowFull();
        confirms.settle(deliveryTag, multiple, ack);
        if (wasFull && !windowFull()) {
            schedulePump();
        }
    }

    private boolean windowFull() {
        // why: counted from the oldest unconfirmed tag, not from the number settled, so the tracker's
        // ring of one window always covers every tag it may have to remember
        return confirmWindow > 0 && sent - confirms.base() >= confirmWindow;
    }

    private void schedulePump() {
        if (!pumpScheduled) {
            pumpScheduled = true;
            // why: never pump from inside a flush (writability events fire there); always as a fresh task
            connection.loop().execute(pumpTask);
        }
    }

    private void pump() {
        pumpScheduled = false;
        if (!connection.canPublish()) {
            return; // writable() resumes us
        }
        ByteBuf out = null;
        int n = 0;
        while (n < MAX_PER_PASS && budget > 0 && !windowFull()) {
            if (out == null) {
                out = connection.alloc().ioBuffer(CHUNK + template.length);
            }
            int at = out.writerIndex();
            out.writeBytes(template);
            if (timestampOffset >= 0) {
                out.setLong(at + timestampOffset, System.nanoTime());
            }
            budget--;
            sent++;
            n++;
            if (out.writerIndex() >= CHUNK) {
                connection.write(out);
                out = null;
                if (!connection.canPublish()) {
                    break;
                }
            }
        }
        if (out != null) {
            connection.write(out);
        }
        if (n > 0) {
            published.set(sent);
            connection.flush();
        }
        if (n == MAX_PER_PASS && budget > 0 && !windowFull()) {
            schedulePump();
        }
    }

    /**
     * Which published messages are settled (acked or nacked), for the confirm window. Tags at or
     * below {@code base} are all settled; singly settled tags above it are bits in a ring of the
     * window's size (the publisher never runs more than a window ahead of {@code base}).
     *
     * <p>Thread-safety: the counters are read from any thread; the rest is the event loop's.
     */
    static final class ConfirmTracker {
        private final long[] bits;
        private final int size;
        private long base;
        private final AtomicLong acked = new AtomicLong();
        private final AtomicLong nacked = new AtomicLong();

        ConfirmTracker(int window) {
            this.size = window;
            this.bits = new long[(window + 63) / 64];
        }

        long acked() {
            return acked.get();
        }

        long nacked() {
            return nacked.get();
        }

        /** Every tag up to this one is settled. */
        long base() {
            return base;
        }

        void settle(long tag, boolean multiple, boolean ack) {
            if (tag <= base) {
                return;
            }
            if (multiple) {
                long count = 0;
                for (long t = base + 1; t <= tag; t++) {
                    if (!testAndClear(t)) {
                        count++;
                    }
                }
                base = tag;
                add(count, ack);
            } else if (!isSet(tag)) {
                set(tag);
                add(1, ack);
            }
            while (isSet(base + 1)) {
                testAndClear(base + 1);
                base++;
            }
        }

        private void add(long count, boolean ack) {
            if (count > 0) {
                (ack ? acked : nacked).addAndGet(count);
            }
        }

        private boolean isSet(long tag) {
            int i = (int) (tag % size);
            return (bits[i >>> 6] & (1L << i)) != 0;
        }

        private void set(long tag) {
            int i = (int) (tag % size);
            bits[i >>> 6] |= 1L << i;
        }

        private boolean testAndClear(long tag) {
            int i = (int) (tag % size);
            boolean was = (bits[i >>> 6] & (1L << i)) != 0;
            bits[i >>> 6] &= ~(1L << i);
            return was;
        }
    }
}
