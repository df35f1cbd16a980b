package io.warrenmq.it;

import static io.warrenmq.it.QosResumeIT.numbered;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fair dispatch with prefetch 1 (https://www.rabbitmq.com/tutorials/tutorial-two-java, "Fair
 * dispatch"): several consumers of one queue each hold at most one unacked message, and a message
 * goes to a consumer that has room, round-robin (rabbit_queue_consumers moves a consumer that got a
 * delivery to the back, a blocked one to the back once its ack unblocks it). So deliveries rotate
 * as the consumers ack and none is starved.
 */
class FairDispatchIT {
    private static final int CONSUMERS = 3;
    private static final int MESSAGES = 300;

    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    /**
     * Consumers on one channel, each acking as it receives. The client hands one channel's
     * deliveries to its consumers in order, so acks reach the broker in delivery order, and
     * round-robin gives message i to consumer i mod 3: exactly a third each.
     */
    @Test
    void consumersOnOneChannelAckingAsTheyReceiveRotate() throws Exception {
        Connection connection = broker.newConnection();
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare(EmbeddedBroker.uniqueName("fair"), false, false, false, null).getQueue();
        channel.basicQos(1);
        List<AckingConsumer> consumers = new ArrayList<>();
        for (int i = 0; i < CONSUMERS; i++) {
            AckingConsumer c = new AckingConsumer(channel, i);
            channel.basicConsume(queue, false, c);
            consumers.add(c);
        }
        List<Integer> byMessage = new CopyOnWriteArrayList<>();
        consumers.forEach(c -> c.sink = byMessage);

        Channel publisher = broker.newConnection().createChannel();
        for (String body : numbered("m", MESSAGES)) {
            Messages.sendToQueue(publisher, queue, body);
        }
        Await.until(MESSAGES + " deliveries", () -> byMessage.size() >= MESSAGES);
        Messages.awaitReady(publisher, queue, 0);

        assertEquals(MESSAGES, byMessage.size());
        for (int i = 0; i < MESSAGES; i++) {
            assertEquals(i % CONSUMERS, byMessage.get(i), "message " + i + " goes to the next consumer in turn");
        }
        for (AckingConsumer c : consumers) {
            assertEquals(MESSAGES / CONSUMERS, c.bodies.size(), "consumer " + c.index + "'s share");
        }
        List<String> all = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            all.add(consumers.get(i % CONSUMERS).bodies.get(i / CONSUMERS));
        }
        assertEquals(List.of(numbered("m", MESSAGES)), all, "each message once, in queue order");
    }

    /**
     * Consumers on separate connections, acked in rounds: in each round every consumer holds one
     * message, acks it, and gets the next one; none is passed over, and each round hands out the
     * next three messages of the queue.
     */
    @Test
    void consumersOnSeparateConnectionsEachGetTheNextMessageWhenTheyAck() throws Exception {
        Channel publisher = broker.newChannel();
        String queue = publisher.queueDeclare(EmbeddedBroker.uniqueName("fair"), false, false, false, null).getQueue();
        for (String body : numbered("m", MESSAGES)) {
            Messages.sendToQueue(publisher, queue, body);
        }
        Messages.awaitReady(publisher, queue, MESSAGES);

        List<Channel> channels = new ArrayList<>();
        List<CollectingConsumer> consumers = new ArrayList<>();
        for (int i = 0; i < CONSUMERS; i++) {
            Channel ch = broker.newConnection().createChannel();
            ch.basicQos(1);
            CollectingConsumer c = new CollectingConsumer(ch);
            ch.basicConsume(queue, false, c);
            channels.add(ch);
            consumers.add(c);
        }
        List<String> handedOut = new ArrayList<>();
        for (int round = 1; round <= MESSAGES / CONSUMERS; round++) {
            int held = round;
            Await.until("every consumer holds its message of round " + round,
                    () -> consumers.stream().allMatch(c -> c.count() >= held));
            Messages.awaitReady(publisher, queue, MESSAGES - (long) round * CONSUMERS);
            List<String> roundBodies = new ArrayList<>();
            for (int i = 0; i < CONSUMERS; i++) {
                CollectingConsumer c = consumers.get(i);
                assertEquals(round, c.count(), "prefetch 1: one delivery per ack");
                CollectingConsumer.Delivery d = c.deliveries().get(round - 1);
                roundBodies.add(d.text());
                channels.get(i).basicAck(d.deliveryTag(), false);
            }
            roundBodies.sort(null);
            handedOut.addAll(roundBodies);
        }
        Messages.awaitReady(publisher, queue, 0);
        for (CollectingConsumer c : consumers) {
            assertEquals(MESSAGES / CONSUMERS, c.count());
        }
        List<String> expected = new ArrayList<>(List.of(numbered("m", MESSAGES)));
        for (int r = 0; r < expected.size(); r += CONSUMERS) {
            expected.subList(r, r + CONSUMERS).sort(null);
        }
        assertEquals(expected, handedOut, "each round takes the next messages of the queue, each once");
    }

    /** Records who got each message and acks it straight away. */
    private static final class AckingConsumer extends com.rabbitmq.client.DefaultConsumer {
        final int index;
        final List<String> bodies = new CopyOnWriteArrayList<>();
        volatile List<Integer> sink;

        AckingConsumer(Channel channel, int index) {
            super(channel);
            this.index = index;
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            bodies.add(Messages.text(body));
            sink.add(index);
            try {
                getChannel().basicAck(envelope.getDeliveryTag(), false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
