package io.warrenmq.it.crash;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Consumes one durable queue with manual acks while the publishers run, acking every
 * {@code ackEvery}-th delivery with {@code multiple=true}; so when the broker is killed some
 * deliveries are acked, up to {@code ackEvery - 1} are delivered but unacked, and the rest are
 * still in the queue.
 *
 * <p>Each ack is recorded in the queue's {@link QueueHistory} in delivery-tag order <em>before</em> it
 * is written, see there. A delivery whose body fails {@link TracedMessage#parse} is listed in
 * {@link #damaged()} for the test to fail on.
 *
 * <p>Thread-safety: the client calls {@link #handleDelivery} on one thread at a time for a channel;
 * the counters are read by the test thread after the connection is gone.
 */
public final class AckingConsumer extends DefaultConsumer {
    private final QueueHistory history;
    private final int ackEvery;
    private final List<MessageId> pending = new ArrayList<>();
    private final List<String> damaged = new CopyOnWriteArrayList<>();
    private volatile int deliveries;
    private volatile int acked;
    private final CountDownLatch shutDown = new CountDownLatch(1);
    private volatile boolean stopped;

    public AckingConsumer(Channel channel, QueueHistory history, int ackEvery) {
        super(channel);
        this.history = history;
        this.ackEvery = ackEvery;
    }

    /** Starts consuming with {@code prefetch} unacked deliveries at most. */
    public void start(int prefetch) throws IOException {
        getChannel().basicQos(prefetch);
        getChannel().basicConsume(history.queue(), false, this);
    }

    @Override
    public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        if (stopped) {
            return;
        }
        MessageId id;
        try {
            id = TracedMessage.parse(body);
        } catch (IllegalArgumentException e) {
            damaged.add("delivery " + envelope.getDeliveryTag() + " from '" + history.queue() + "': " + e.getMessage());
            return;
        }
        history.delivered(id);
        pending.add(id);
        deliveries++;
        if (deliveries % ackEvery != 0) {
            return;
        }
        for (MessageId settled : pending) {
            history.acked(settled);
        }
        acked += pending.size();
        pending.clear();
        try {
            getChannel().basicAck(envelope.getDeliveryTag(), true);
        } catch (IOException | ShutdownSignalException e) {
            // the broker is gone (AlreadyClosedException is a ShutdownSignalException); the ack may
            // or may not have reached it
            stopped = true;
        }
    }

    @Override
    public void handleShutdownSignal(String consumerTag, ShutdownSignalException signal) {
        stopped = true;
        shutDown.countDown();
    }

    /**
     * Waits until the client reported the channel's shutdown to this consumer; the client calls it
     * after every delivery it dispatched, so afterwards the history no longer changes.
     */
    public boolean awaitShutdown(Duration timeout) throws InterruptedException {
        return shutDown.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int deliveries() {
        return deliveries;
    }

    public int acked() {
        return acked;
    }

    /** Deliveries whose body was not a well-formed crash-test message (corruption while live). */
    public List<String> damaged() {
        return List.copyOf(damaged);
    }
}
