package io.warrenmq.it.crash;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One publisher of a crash cycle: its own connection and confirm-mode channel, publishing persistent
 * messages with increasing sequence numbers to random routes until it has sent its quota or the
 * broker dies under it.
 *
 * <p>RabbitMQ (https://www.rabbitmq.com/docs/confirms): "for routable messages, the basic.ack is
 * sent when a message has been accepted by all the queues. For persistent messages routed to durable
 * queues, this means persisting to disk." The confirm listener maps each acked publish sequence
 * number back to the {@link MessageId} it carried and records it in the {@link Ledger}; that set is
 * what recovery is judged against. At most {@code window} publishes are unconfirmed at a time.
 *
 * <p>Thread-safety: {@link #run} runs on one worker thread; the listeners run on the client's
 * connection thread; {@link #confirms()} may be read from any thread.
 */
public final class ConfirmingPublisher implements Runnable {
    private final int cycle;
    private final int publisher;
    private final Connection connection;
    private final List<Route> routes;
    private final int quota;
    private final Ledger ledger;
    private final SplittableRandom random;
    private final Semaphore window;
    private final AtomicLong cycleConfirms;
    private final Runnable onConfirm;
    private final ConcurrentNavigableMap<Long, MessageId> unconfirmed = new ConcurrentSkipListMap<>();
    private volatile Throwable stoppedBy;
    private volatile int sent;

    /**
     * @param cycleConfirms shared counter of confirms in this cycle, bumped on every confirmed message
     * @param onConfirm     called after each confirm frame (the kill trigger checks the counter)
     */
    public ConfirmingPublisher(int cycle, int publisher, Connection connection, List<Route> routes, int quota,
                               int window, long seed, Ledger ledger, AtomicLong cycleConfirms, Runnable onConfirm) {
        this.cycle = cycle;
        this.publisher = publisher;
        this.connection = connection;
        this.routes = List.copyOf(routes);
        this.quota = quota;
        this.window = new Semaphore(window);
        this.random = new SplittableRandom(seed);
        this.ledger = ledger;
        this.cycleConfirms = cycleConfirms;
        this.onConfirm = onConfirm;
    }

    @Override
    public void run() {
        try {
            Channel channel = connection.createChannel();
            channel.confirmSelect();
            channel.addConfirmListener(new ConfirmListener() {
                @Override
                public void handleAck(long deliveryTag, boolean multiple) {
                    settle(deliveryTag, multiple, true);
                }

                @Override
                public void handleNack(long deliveryTag, boolean multiple) {
                    settle(deliveryTag, multiple, false);
                }
            });
            channel.addReturnListener(r -> ledger.returned(TracedMessage.parse(r.getBody())));
            // why: wakes a publisher blocked on the window when the broker dies, instead of polling
            channel.addShutdownListener(cause -> window.release(Integer.MAX_VALUE / 2));
            for (int sequence = 1; sequence <= quota; sequence++) {
                window.acquire();
                if (!channel.isOpen()) {
                    return;
                }
                MessageId id = new MessageId(cycle, publisher, sequence);
                Route route = routes.get(random.nextInt(routes.size()));
                byte[] body = TracedMessage.body(id, random);
                unconfirmed.put(channel.getNextPublishSeqNo(), id);
                ledger.publishing(id, route);
                // mandatory: a route that lost its queue or binding comes back as basic.return
                channel.basicPublish(route.exchange(), route.routingKey(), true,
                        TracedMessage.persistentProperties(id), body);
                sent = sequence;
            }
        } catch (IOException | ShutdownSignalException e) {
            stoppedBy = e; // expected once the broker is killed
        } catch (InterruptedException e) {
            stoppedBy = e;
            Thread.currentThread().interrupt();
        }
    }

    private void settle(long deliveryTag, boolean multiple, boolean ack) {
        Map<Long, MessageId> settled = multiple
                ? unconfirmed.headMap(deliveryTag, true)
                : unconfirmed.subMap(deliveryTag, true, deliveryTag, true);
        int count = 0;
        for (MessageId id : settled.values()) {
            if (ack) {
                ledger.confirmed(id);
            } else {
                ledger.nacked(id);
            }
            count++;
        }
        settled.clear();
        window.release(count);
        if (ack) {
            cycleConfirms.addAndGet(count);
        }
        onConfirm.run();
    }

    /** How many messages this publisher handed to the client library. */
    public int sent() {
        return sent;
    }

    /** The exception that ended publishing, or null if the quota was sent. */
    public Throwable stoppedBy() {
        return stoppedBy;
    }

    public int publisher() {
        return publisher;
    }
}
