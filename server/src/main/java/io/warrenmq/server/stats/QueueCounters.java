package io.warrenmq.server.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * One queue's message counters, kept on the message path for the management API and the metrics
 * (RabbitMQ's queue {@code message_stats}: publish, deliver, deliver_no_ack, get, get_no_ack,
 * get_empty, redeliver, ack).
 *
 * <p>Thread-safety: why two kinds of field: everything but {@code ack} happens on the queue's own
 * loop, so those are single-writer plain longs, incremented by that loop and published with
 * {@code setOpaque} (no lock, no fence beyond opaque, no allocation); the sampler reads them with
 * {@code getOpaque} from any thread. Acks arrive on the consumers' channel loops (many writers),
 * so {@code ack} is a {@link LongAdder}, which allocates only its first contention cells.
 */
public final class QueueCounters {
    private static final VarHandle PUBLISH;
    private static final VarHandle DELIVER;
    private static final VarHandle DELIVER_NO_ACK;
    private static final VarHandle GET;
    private static final VarHandle GET_NO_ACK;
    private static final VarHandle GET_EMPTY;
    private static final VarHandle REDELIVER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PUBLISH = l.findVarHandle(QueueCounters.class, "publish", long.class);
            DELIVER = l.findVarHandle(QueueCounters.class, "deliver", long.class);
            DELIVER_NO_ACK = l.findVarHandle(QueueCounters.class, "deliverNoAck", long.class);
            GET = l.findVarHandle(QueueCounters.class, "get", long.class);
            GET_NO_ACK = l.findVarHandle(QueueCounters.class, "getNoAck", long.class);
            GET_EMPTY = l.findVarHandle(QueueCounters.class, "getEmpty", long.class);
            REDELIVER = l.findVarHandle(QueueCounters.class, "redeliver", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long publish;
    private long deliver;
    private long deliverNoAck;
    private long get;
    private long getNoAck;
    private long getEmpty;
    private long redeliver;
    /** Made by the first ack (any channel loop): an idle queue has none. */
    private volatile LongAdder ack;

    /** Queue's loop: a message entered the queue. */
    public void published() {
        PUBLISH.setOpaque(this, publish + 1);
    }

    /** Queue's loop: a message went to a consumer ({@code redelivered}: not its first delivery). */
    public void delivered(boolean noAck, boolean redelivered) {
        if (noAck) {
            DELIVER_NO_ACK.setOpaque(this, deliverNoAck + 1);
        } else {
            DELIVER.setOpaque(this, deliver + 1);
        }
        if (redelivered) {
            REDELIVER.setOpaque(this, redeliver + 1);
        }
    }

    /** Queue's loop: basic.get handed a message out ({@code found}) or answered get-empty. */
    public void got(boolean found, boolean noAck, boolean redelivered) {
        if (!found) {
            GET_EMPTY.setOpaque(this, getEmpty + 1);
        } else if (noAck) {
            GET_NO_ACK.setOpaque(this, getNoAck + 1);
        } else {
            GET.setOpaque(this, get + 1);
        }
        if (redelivered) {
            REDELIVER.setOpaque(this, redeliver + 1);
        }
    }

    /** Any channel loop: a delivery of this queue was acknowledged. */
    public void acked() {
        LongAdder a = ack;
        if (a == null) {
            synchronized (this) {
                if (ack == null) {
                    ack = new LongAdder();
                }
                a = ack;
            }
        }
        a.increment();
    }

    /** Any thread: the counters now, in {@link QueueStat} order. */
    public long[] read() {
        long[] v = new long[QueueStat.COUNT];
        read(v);
        return v;
    }

    /** Any thread: the counters now, into {@code into} (in {@link QueueStat} order). */
    public void read(long[] into) {
        into[QueueStat.PUBLISH.ordinal()] = (long) PUBLISH.getOpaque(this);
        into[QueueStat.DELIVER.ordinal()] = (long) DELIVER.getOpaque(this);
        into[QueueStat.DELIVER_NO_ACK.ordinal()] = (long) DELIVER_NO_ACK.getOpaque(this);
        into[QueueStat.GET.ordinal()] = (long) GET.getOpaque(this);
        into[QueueStat.GET_NO_ACK.ordinal()] = (long) GET_NO_ACK.getOpaque(this);
        into[QueueStat.GET_EMPTY.ordinal()] = (long) GET_EMPTY.getOpaque(this);
        into[QueueStat.REDELIVER.ordinal()] = (long) REDELIVER.getOpaque(this);
        LongAdder a = ack;
        into[QueueStat.ACK.ordinal()] = a == null ? 0 : a.sum();
        into[QueueStat.DELIVER_GET.ordinal()] = into[QueueStat.DELIVER.ordinal()]
                + into[QueueStat.DELIVER_NO_ACK.ordinal()] + into[QueueStat.GET.ordinal()]
                + into[QueueStat.GET_NO_ACK.ordinal()];
    }
}
