package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectChannelError;
import static io.warrenmq.it.EmbeddedBroker.uniqueName;
import static io.warrenmq.it.Messages.awaitReady;
import static io.warrenmq.it.Messages.sendToQueue;
import static io.warrenmq.it.Messages.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The queue class (AMQP 0-9-1 §1.7.2, queue.declare/bind/unbind/purge/delete) as RabbitMQ implements it. */
class QueueIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    /**
     * §queue.declare: "The queue name MAY be empty, in which case the server MUST create a new queue
     * with a unique generated name and return this to the client in the Declare-Ok method."
     * RabbitMQ names them "amq.gen-...".
     */
    @Test
    void emptyNameDeclaresAServerNamedQueue() throws Exception {
        Channel channel = broker.newChannel();
        String first = channel.queueDeclare().getQueue();
        String second = channel.queueDeclare("", false, true, true, null).getQueue();
        assertTrue(first.startsWith("amq.gen-"), first);
        assertTrue(second.startsWith("amq.gen-"), second);
        assertNotEquals(first, second);
        channel.queueDeclarePassive(first);
    }

    /** Queue names starting "amq." are reserved: RabbitMQ refuses them with ACCESS_REFUSED. */
    @Test
    void declaringAnAmqPrefixedQueueIsAccessRefused() throws Exception {
        Channel channel = broker.newChannel();
        expectChannelError(AMQP.ACCESS_REFUSED, () -> channel.queueDeclare(uniqueName("amq.mine"), false, false, true, null));
    }

    /** §queue.declare passive: "If set, and the queue does not already exist, the server MUST ... raise a channel exception with reply code 404." */
    @Test
    void passiveDeclareOfMissingQueueIsNotFound() throws Exception {
        Channel channel = broker.newChannel();
        expectChannelError(AMQP.NOT_FOUND, () -> channel.queueDeclarePassive(uniqueName("missing")));
    }

    /**
     * declare-ok carries message-count ("messages in the queue ... that are not waiting
     * acknowledgement") and consumer-count; a redeclare with identical properties is fine.
     */
    @Test
    void declareOkCountsReadyMessagesAndConsumers() throws Exception {
        Connection connection = broker.newConnection();
        Channel channel = connection.createChannel();
        String queue = uniqueName("counted");
        AMQP.Queue.DeclareOk fresh = channel.queueDeclare(queue, false, false, false, null);
        assertEquals(0, fresh.getMessageCount());
        assertEquals(0, fresh.getConsumerCount());

        for (int i = 0; i < 3; i++) {
            sendToQueue(channel, queue, "m" + i);
        }
        awaitReady(channel, queue, 3);

        Channel consumerChannel = connection.createChannel();
        consumerChannel.basicQos(1);
        CollectingConsumer consumer = new CollectingConsumer(consumerChannel);
        consumerChannel.basicConsume(queue, false, consumer);
        consumer.awaitDeliveries(1);

        // one message is now unacknowledged, so it no longer counts
        AMQP.Queue.DeclareOk active = Await.result("declare-ok with 2 ready messages and 1 consumer",
                () -> channel.queueDeclare(queue, false, false, false, null),
                ok -> ok.getMessageCount() == 2 && ok.getConsumerCount() == 1);
        assertEquals(queue, active.getQueue());
        AMQP.Queue.DeclareOk passive = channel.queueDeclarePassive(queue);
        assertEquals(2, passive.getMessageCount());
        assertEquals(1, passive.getConsumerCount());
        channel.queueDelete(queue);
    }

    /**
     * §queue.declare: "If [the queue] exists, the server MUST check that the existing queue has the
     * same values for durable, exclusive, auto-delete, and arguments fields" — else 406.
     */
    @Test
    void redeclareWithDifferentDurableOrAutoDeleteIsPreconditionFailed() throws Exception {
        Connection connection = broker.newConnection();
        Channel channel = connection.createChannel();
        String queue = uniqueName("equiv");
        channel.queueDeclare(queue, false, false, false, null);

        Channel durable = connection.createChannel();
        expectChannelError(AMQP.PRECONDITION_FAILED, () -> durable.queueDeclare(queue, true, false, false, null));
        Channel autoDelete = connection.createChannel();
        expectChannelError(AMQP.PRECONDITION_FAILED, () -> autoDelete.queueDeclare(queue, false, false, true, null));

        channel.queueDeclare(queue, false, false, false, null);
        channel.queueDelete(queue);
    }

    /** queue.purge-ok: "Reports the number of messages purged." */
    @Test
    void purgeRemovesReadyMessagesAndReportsHowMany() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        for (int i = 0; i < 4; i++) {
            sendToQueue(channel, queue, "m" + i);
        }
        awaitReady(channel, queue, 4);
        assertEquals(4, channel.queuePurge(queue).getMessageCount());
        assertEquals(0, channel.messageCount(queue));
        assertEquals(0, channel.queuePurge(queue).getMessageCount());
    }

    /** queue.delete-ok: "Reports the number of messages deleted"; afterwards the queue is gone (404). */
    @Test
    void deleteReportsMessageCountAndRemovesTheQueue() throws Exception {
        Connection connection = broker.newConnection();
        Channel channel = connection.createChannel();
        String queue = uniqueName("deleted");
        channel.queueDeclare(queue, false, false, false, null);
        for (int i = 0; i < 3; i++) {
            sendToQueue(channel, queue, "m" + i);
        }
        awaitReady(channel, queue, 3);
        assertEquals(3, channel.queueDelete(queue).getMessageCount());
        expectChannelError(AMQP.NOT_FOUND, () -> channel.queueDeclarePassive(queue));
    }

    /** §queue.delete if-unused: "The server MUST NOT delete a queue that has consumers on it" — 406. */
    @Test
    void deleteIfUnusedFailsWhileTheQueueHasConsumers() throws Exception {
        Connection connection = broker.newConnection();
        Channel channel = connection.createChannel();
        String queue = uniqueName("used");
        channel.queueDeclare(queue, false, false, false, null);
        String consumerTag = channel.basicConsume(queue, true, new CollectingConsumer(channel));

        Channel deleter = connection.createChannel();
        expectChannelError(AMQP.PRECONDITION_FAILED, () -> deleter.queueDelete(queue, true, false));
        assertEquals(1, channel.queueDeclarePassive(queue).getConsumerCount());

        channel.basicCancel(consumerTag);
        assertEquals(0, channel.queueDelete(queue, true, false).getMessageCount());
    }

    /** §queue.delete if-empty: "The server MUST NOT delete a queue that has messages on it" — 406. */
    @Test
    void deleteIfEmptyFailsWhileTheQueueHasMessages() throws Exception {
        Connection connection = broker.newConnection();
        Channel channel = connection.createChannel();
        String queue = uniqueName("full");
        channel.queueDeclare(queue, false, false, false, null);
        sendToQueue(channel, queue, "still here");
        awaitReady(channel, queue, 1);

        Channel deleter = connection.createChannel();
        expectChannelError(AMQP.PRECONDITION_FAILED, () -> deleter.queueDelete(queue, false, true));
        assertEquals(1, channel.messageCount(queue));

        channel.queuePurge(queue);
        channel.queueDelete(queue, false, true);
    }

    /**
     * §queue.declare exclusive: "Exclusive queues may only be accessed by the current connection" —
     * any use from another connection is RESOURCE_LOCKED (405): declare, passive declare, consume,
     * get, purge, bind and delete.
     */
    @Test
    void exclusiveQueueIsLockedForOtherConnections() throws Exception {
        Connection owner = broker.newConnection();
        Channel ownerChannel = owner.createChannel();
        String queue = uniqueName("mine");
        ownerChannel.queueDeclare(queue, false, true, false, null);

        Connection other = broker.newConnection();
        expectLocked(other, "declare", ch -> ch.queueDeclare(queue, false, false, false, null));
        expectLocked(other, "passive declare", ch -> ch.queueDeclarePassive(queue));
        expectLocked(other, "consume", ch -> ch.basicConsume(queue, true, new CollectingConsumer(ch)));
        expectLocked(other, "get", ch -> ch.basicGet(queue, true));
        expectLocked(other, "purge", ch -> ch.queuePurge(queue));
        expectLocked(other, "bind", ch -> ch.queueBind(queue, "amq.fanout", ""));
        expectLocked(other, "delete", ch -> ch.queueDelete(queue));

        // the owner's other channels may use it
        Channel sibling = owner.createChannel();
        sendToQueue(sibling, queue, "ok");
        assertEquals("ok", Messages.text(Messages.getEventually(sibling, queue, true).getBody()));
    }

    /** "The queue is deleted when the connection that declared it closes." */
    @Test
    void exclusiveQueueIsDeletedWhenItsConnectionCloses() throws Exception {
        Connection owner = broker.newConnection();
        String queue = uniqueName("ephemeral");
        owner.createChannel().queueDeclare(queue, false, true, false, null);
        Connection other = broker.newConnection();
        owner.close();

        Await.until("exclusive queue '" + queue + "' to disappear after its connection closed",
                () -> !queueExists(other, queue));
    }

    /**
     * §queue.declare auto-delete: "If set, the queue is deleted when all consumers have finished
     * using it. The last consumer can be cancelled either explicitly or because its channel is closed."
     */
    @Test
    void autoDeleteQueueIsDeletedWhenItsLastConsumerCancels() throws Exception {
        Connection connection = broker.newConnection();
        Channel channel = connection.createChannel();
        String queue = uniqueName("auto");
        channel.queueDeclare(queue, false, false, true, null);
        String first = channel.basicConsume(queue, true, new CollectingConsumer(channel));
        String second = channel.basicConsume(queue, true, new CollectingConsumer(channel));

        channel.basicCancel(first);
        assertEquals(1, channel.queueDeclarePassive(queue).getConsumerCount(), "queue survives while a consumer remains");

        channel.basicCancel(second);
        Await.until("auto-delete queue '" + queue + "' to disappear after its last consumer cancelled",
                () -> !queueExists(connection, queue));
    }

    /** Closing the channel cancels its consumers, which also triggers auto-delete. */
    @Test
    void autoDeleteQueueIsDeletedWhenItsConsumerChannelCloses() throws Exception {
        Connection connection = broker.newConnection();
        Channel channel = connection.createChannel();
        String queue = uniqueName("auto-close");
        channel.queueDeclare(queue, false, false, true, null);
        channel.basicConsume(queue, true, new CollectingConsumer(channel));
        channel.close();
        Await.until("auto-delete queue '" + queue + "' to disappear after its consumer's channel closed",
                () -> !queueExists(connection, queue));
    }

    /** queue.bind makes the exchange route to the queue; queue.unbind stops it (checked with a mandatory publish). */
    @Test
    void bindThenUnbindControlsRouting() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = uniqueName("bindings");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT);
        String queue = channel.queueDeclare().getQueue();
        List<String> returned = new CopyOnWriteArrayList<>();
        channel.addReturnListener(r -> returned.add(Messages.text(r.getBody())));

        channel.queueBind(queue, exchange, "k");
        channel.basicPublish(exchange, "k", true, null, utf8("while bound"));
        assertEquals(List.of("while bound"), Messages.routedBodies(channel, queue));

        channel.queueUnbind(queue, exchange, "k");
        channel.basicPublish(exchange, "k", true, null, utf8("after unbind"));
        Await.until("the unroutable message to come back", () -> returned.contains("after unbind"));
        assertEquals(List.of("after unbind"), returned);
        assertEquals(List.of(), Messages.routedBodies(channel, queue));
    }

    /** queue.bind to an exchange that does not exist is NOT_FOUND. */
    @Test
    void bindingToAMissingExchangeIsNotFound() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        expectChannelError(AMQP.NOT_FOUND, () -> channel.queueBind(queue, uniqueName("missing"), "k"));
    }

    /** queue.bind of a queue that does not exist is NOT_FOUND. */
    @Test
    void bindingAMissingQueueIsNotFound() throws Exception {
        Channel channel = broker.newChannel();
        expectChannelError(AMQP.NOT_FOUND, () -> channel.queueBind(uniqueName("missing"), "amq.direct", "k"));
    }

    private interface ChannelAction {
        void run(Channel channel) throws IOException;
    }

    private static void expectLocked(Connection connection, String what, ChannelAction action) throws IOException {
        Channel channel = connection.createChannel();
        try {
            expectChannelError(AMQP.RESOURCE_LOCKED, () -> action.run(channel));
        } catch (AssertionError e) {
            throw new AssertionError(what + " of another connection's exclusive queue: " + e.getMessage(), e);
        }
    }

    private static boolean queueExists(Connection connection, String queue) throws IOException {
        Channel probe = connection.createChannel();
        try {
            probe.queueDeclarePassive(queue);
            probe.close();
            return true;
        } catch (IOException e) {
            if (AmqpAssertions.findShutdownSignal(e) != null
                    && AmqpAssertions.findShutdownSignal(e).getReason() instanceof AMQP.Channel.Close close
                    && close.getReplyCode() == AMQP.NOT_FOUND) {
                return false;
            }
            throw e;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException(e);
        }
    }
}
