package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectChannelError;
import static io.warrenmq.it.AmqpAssertions.expectConnectionError;
import static io.warrenmq.it.Messages.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.RpcClient;
import com.rabbitmq.client.RpcClientParams;
import com.rabbitmq.client.StringRpcServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RabbitMQ's direct reply-to (https://www.rabbitmq.com/docs/direct-reply-to): a requester consumes
 * from the {@code amq.rabbitmq.reply-to} pseudo-queue in no-ack mode, publishes requests with that
 * reply-to, and the responder's replies to the rewritten name come straight back to its channel.
 */
class DirectReplyToIT {
    private static final String PSEUDO = "amq.rabbitmq.reply-to";

    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    private static AMQP.BasicProperties replyTo(String correlationId) {
        return new AMQP.BasicProperties.Builder().replyTo(PSEUDO).correlationId(correlationId).build();
    }

    /** A queue the responder, on another connection, can read (not exclusive). */
    private static String requestQueue(Channel channel) throws java.io.IOException {
        String name = EmbeddedBroker.uniqueName("requests");
        channel.queueDeclare(name, false, false, true, null);
        return name;
    }

    @Test
    void aReplyToTheRewrittenNameReachesTheRequestingChannel() throws Exception {
        Channel requester = broker.newChannel();
        String requests = requestQueue(requester);
        CollectingConsumer replies = new CollectingConsumer(requester);
        String tag = requester.basicConsume(PSEUDO, true, replies);
        requester.basicPublish("", requests, replyTo("c-1"), utf8("question"));

        Channel responder = broker.newChannel(); // another connection
        GetResponse request = Messages.getEventually(responder, requests, true);
        String replyName = request.getProps().getReplyTo();
        assertTrue(replyName.startsWith(PSEUDO + "."), "reply-to rewritten: " + replyName);
        assertEquals("c-1", request.getProps().getCorrelationId());
        responder.basicPublish("", replyName,
                new AMQP.BasicProperties.Builder().correlationId("c-1").build(), utf8("answer"));

        CollectingConsumer.Delivery reply = replies.awaitDeliveries(1).get(0);
        assertEquals("answer", reply.text());
        assertEquals(tag, reply.consumerTag());
        assertEquals("", reply.envelope().getExchange());
        assertEquals(replyName, reply.envelope().getRoutingKey());
        assertFalse(reply.redelivered());
        assertEquals("c-1", reply.properties().getCorrelationId());
    }

    @Test
    void theJavaClientsRpcClientAndServerWorkUnchanged() throws Exception {
        Channel serverChannel = broker.newChannel();
        String queue = serverChannel.queueDeclare().getQueue();
        StringRpcServer server = new StringRpcServer(serverChannel, queue) {
            @Override
            public String handleStringCall(String request) {
                return request.toUpperCase();
            }
        };
        Thread loop = new Thread(() -> {
            try {
                server.mainloop();
            } catch (Exception e) {
                // closed by the test
            }
        }, "rpc-server");
        loop.setDaemon(true);
        loop.start();
        try {
            // RpcClientParams' default reply-to is the direct reply-to pseudo-queue
            RpcClient client = new RpcClient(new RpcClientParams().channel(broker.newChannel()).exchange("")
                    .routingKey(queue).timeout(30_000));
            for (int i = 0; i < 20; i++) {
                assertEquals("HELLO " + i, client.stringCall("hello " + i));
            }
            client.close();
        } finally {
            server.terminateMainloop();
            server.close();
        }
    }

    @Test
    void theReplyConsumerMustBeNoAck() throws Exception {
        Channel channel = broker.newChannel();
        AMQP.Channel.Close close = expectChannelError(AMQP.PRECONDITION_FAILED, channel,
                () -> channel.basicConsume(PSEUDO, false, new CollectingConsumer(channel)));
        assertTrue(close.getReplyText().contains("reply consumer cannot acknowledge"), close.getReplyText());
    }

    @Test
    void aChannelHasAtMostOneReplyConsumer() throws Exception {
        Channel channel = broker.newChannel();
        channel.basicConsume(PSEUDO, true, new CollectingConsumer(channel));
        AMQP.Channel.Close close = expectChannelError(AMQP.PRECONDITION_FAILED, channel,
                () -> channel.basicConsume(PSEUDO, true, new CollectingConsumer(channel)));
        assertTrue(close.getReplyText().contains("reply consumer already set"), close.getReplyText());
    }

    @Test
    void reusingAConsumerTagForTheReplyConsumerIsAConnectionError() throws Exception {
        Connection connection = broker.newConnection();
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare().getQueue();
        channel.basicConsume(queue, true, "my-tag", new CollectingConsumer(channel));
        expectConnectionError(AMQP.NOT_ALLOWED, connection,
                () -> channel.basicConsume(PSEUDO, true, "my-tag", new CollectingConsumer(channel)));
    }

    @Test
    void publishingARequestWithoutAReplyConsumerIs406() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        AMQP.Channel.Close close = expectChannelError(AMQP.PRECONDITION_FAILED, channel, () -> {
            channel.basicPublish("", queue, replyTo("x"), utf8("request"));
            channel.queueDeclarePassive(queue); // a round trip, to see the asynchronous close
        });
        assertTrue(close.getReplyText().contains("fast reply consumer does not exist"), close.getReplyText());
    }

    @Test
    void theReplyConsumerBelongsToItsChannelOnly() throws Exception {
        Connection connection = broker.newConnection();
        Channel consuming = connection.createChannel();
        consuming.basicConsume(PSEUDO, true, new CollectingConsumer(consuming));
        Channel other = connection.createChannel();
        String queue = other.queueDeclare().getQueue();
        expectChannelError(AMQP.PRECONDITION_FAILED, other, () -> {
            other.basicPublish("", queue, replyTo("y"), utf8("request"));
            other.queueDeclarePassive(queue);
        });
        assertTrue(consuming.isOpen());
    }

    /**
     * A requester consuming replies, one request sent from it, and a responder (on another
     * connection) that took the request and read the reply name from it.
     */
    private record RequestSent(Channel requester, String requests, CollectingConsumer replies, String tag,
            Channel responder, String replyName) {
        static RequestSent open() throws Exception {
            Channel requester = broker.newChannel();
            String requests = requestQueue(requester);
            CollectingConsumer replies = new CollectingConsumer(requester);
            String tag = requester.basicConsume(PSEUDO, true, replies);
            requester.basicPublish("", requests, replyTo("c"), utf8("q"));
            Channel responder = broker.newChannel();
            String replyName = Messages.getEventually(responder, requests, true).getProps().getReplyTo();
            return new RequestSent(requester, requests, replies, tag, responder, replyName);
        }
    }

    @Test
    void aResponderCanCheckWhetherTheRequesterIsStillThere() throws Exception {
        RequestSent rpc = RequestSent.open();
        Channel requester = rpc.requester();
        String tag = rpc.tag();
        Channel responder = rpc.responder();
        String replyName = rpc.replyName();

        AMQP.Queue.DeclareOk ok = responder.queueDeclarePassive(replyName);
        assertEquals(replyName, ok.getQueue());
        assertEquals(1, ok.getConsumerCount());
        assertEquals(0, ok.getMessageCount());
        assertEquals(1, responder.queueDeclarePassive(PSEUDO).getConsumerCount());

        requester.basicCancel(tag);
        expectChannelError(AMQP.NOT_FOUND, responder, () -> responder.queueDeclarePassive(replyName));
    }

    @Test
    void aMandatoryReplyToAGoneRequesterIsReturnedAndStillConfirmed() throws Exception {
        RequestSent rpc = RequestSent.open();
        Channel requester = rpc.requester();
        String tag = rpc.tag();
        Channel responder = rpc.responder();
        String replyName = rpc.replyName();
        requester.basicCancel(tag);

        List<Return> returns = new CopyOnWriteArrayList<>();
        responder.addReturnListener(returns::add);
        responder.confirmSelect();
        responder.basicPublish("", replyName, true, null, utf8("late answer"));
        responder.waitForConfirmsOrDie(30_000);
        assertEquals(1, returns.size());
        assertEquals(AMQP.NO_ROUTE, returns.get(0).getReplyCode());
    }

    @Test
    void aDeliveredReplyIsNeitherReturnedNorLeftUnconfirmed() throws Exception {
        RequestSent rpc = RequestSent.open();
        CollectingConsumer replies = rpc.replies();
        Channel responder = rpc.responder();
        String replyName = rpc.replyName();

        List<Return> returns = new CopyOnWriteArrayList<>();
        responder.addReturnListener(returns::add);
        responder.confirmSelect();
        responder.basicPublish("", replyName, true, null, utf8("answer"));
        responder.waitForConfirmsOrDie(30_000);
        replies.awaitDeliveries(1);
        assertEquals(List.of(), returns);
    }

    @Test
    void aReplyPublishedInATransactionArrivesAtCommit() throws Exception {
        RequestSent rpc = RequestSent.open();
        String requests = rpc.requests();
        CollectingConsumer replies = rpc.replies();
        Channel responder = rpc.responder();
        String replyName = rpc.replyName();
        responder.txSelect();
        responder.basicPublish("", replyName, null, utf8("rolled back"));
        responder.txRollback();
        responder.basicPublish("", replyName, null, utf8("committed"));
        responder.queueDeclarePassive(requests); // a round trip: the publishes above were handled
        // a marker sent afterwards from elsewhere: a reply not held until commit would arrive before it
        broker.newChannel().basicPublish("", replyName, null, utf8("marker"));
        replies.awaitDeliveries(1);
        assertEquals(List.of("marker"), replies.texts());
        responder.txCommit();
        replies.awaitDeliveries(2);
        assertEquals(List.of("marker", "committed"), replies.texts());
    }

    @Test
    void deliveryTagsOfRepliesAndQueueDeliveriesShareOneSequence() throws Exception {
        Channel requester = broker.newChannel();
        String requests = requestQueue(requester);
        CollectingConsumer replies = new CollectingConsumer(requester);
        requester.basicConsume(PSEUDO, true, replies);
        requester.basicPublish("", requests, replyTo("s"), utf8("q"));
        GetResponse own = requester.basicGet(requests, false); // delivery tag 1 on this channel
        String replyName = own.getProps().getReplyTo();
        Channel responder = broker.newChannel();
        responder.basicPublish("", replyName, null, utf8("answer"));
        long replyTag = replies.awaitDeliveries(1).get(0).deliveryTag();
        assertNotEquals(own.getEnvelope().getDeliveryTag(), replyTag);
        requester.basicAck(own.getEnvelope().getDeliveryTag(), false);
        requester.queueDeclarePassive(requests); // the ack was valid: the channel is still open
        assertTrue(requester.isOpen());
    }

    @Test
    void theCapabilityIsAdvertised() throws Exception {
        try (Connection connection = broker.newConnection()) {
            java.util.Map<?, ?> capabilities = (java.util.Map<?, ?>) connection.getServerProperties()
                    .get("capabilities");
            assertEquals(Boolean.TRUE, capabilities.get("direct_reply_to"));
        }
    }
}
