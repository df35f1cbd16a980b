package io.warrenmq.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A consumer that records every delivery and whether it was cancelled, for assertions from the
 * test thread.
 *
 * <p>Thread-safety: the client calls it on its dispatch thread; readers use the thread-safe
 * snapshot methods.
 */
public final class CollectingConsumer extends DefaultConsumer {
    /** One {@code basic.deliver}. */
    public record Delivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        public String text() {
            return Messages.text(body);
        }

        public long deliveryTag() {
            return envelope.getDeliveryTag();
        }

        public boolean redelivered() {
            return envelope.isRedeliver();
        }
    }

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final AtomicBoolean cancelledByBroker = new AtomicBoolean();
    private final AtomicBoolean cancelOk = new AtomicBoolean();

    public CollectingConsumer(Channel channel) {
        super(channel);
    }

    @Override
    public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        deliveries.add(new Delivery(consumerTag, envelope, properties, body));
    }

    @Override
    public void handleCancel(String consumerTag) {
        cancelledByBroker.set(true);
    }

    @Override
    public void handleCancelOk(String consumerTag) {
        cancelOk.set(true);
    }

    public int count() {
        return deliveries.size();
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    public List<String> texts() {
        return deliveries.stream().map(Delivery::text).toList();
    }

    /** Waits until at least {@code n} deliveries arrived; returns a snapshot of all of them. */
    public List<Delivery> awaitDeliveries(int n) {
        Await.until(n + " deliveries to consumer " + getConsumerTag() + " (have " + deliveries.size() + ")",
                () -> deliveries.size() >= n);
        return deliveries();
    }

    public boolean cancelledByBroker() {
        return cancelledByBroker.get();
    }

    public boolean cancelOkReceived() {
        return cancelOk.get();
    }
}
