package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectConnectionError;
import static io.warrenmq.it.EmbeddedBroker.uniqueName;
import static io.warrenmq.it.Messages.text;
import static io.warrenmq.it.Messages.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Return;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * basic.publish mandatory (AMQP 0-9-1): "This flag tells the server how to react if the message
 * cannot be routed to a queue. If this flag is set, the server will return an unroutable message
 * with a Return method. If this flag is zero, the server silently drops the message."
 */
class MandatoryReturnIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    /** The return carries reply-code 312 NO_ROUTE, the exchange and routing key, and the content unchanged. */
    @Test
    void unroutableMandatoryMessageIsReturnedWithNoRoute() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = uniqueName("nowhere");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT);
        List<Return> returns = collectReturns(channel);
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .messageId("id-7").contentType("application/octet-stream").headers(Map.of("h", "v")).build();
        byte[] body = new byte[1000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }

        channel.basicPublish(exchange, "no.binding", true, properties, body);

        Await.until("basic.return", () -> !returns.isEmpty());
        Return returned = returns.get(0);
        assertEquals(AMQP.NO_ROUTE, returned.getReplyCode());
        assertEquals("NO_ROUTE", returned.getReplyText());
        assertEquals(exchange, returned.getExchange());
        assertEquals("no.binding", returned.getRoutingKey());
        assertEquals("id-7", returned.getProperties().getMessageId());
        assertEquals("application/octet-stream", returned.getProperties().getContentType());
        assertEquals("v", String.valueOf(returned.getProperties().getHeaders().get("h")));
        assertArrayEquals(body, returned.getBody());
    }

    /** Through the default exchange, a routing key naming no queue is unroutable too. */
    @Test
    void mandatoryMessageToAMissingQueueViaDefaultExchangeIsReturned() throws Exception {
        Channel channel = broker.newChannel();
        List<Return> returns = collectReturns(channel);
        String missing = uniqueName("no-such-queue");
        channel.basicPublish("", missing, true, null, utf8("lost"));
        Await.until("basic.return", () -> !returns.isEmpty());
        assertEquals(AMQP.NO_ROUTE, returns.get(0).getReplyCode());
        assertEquals("", returns.get(0).getExchange());
        assertEquals(missing, returns.get(0).getRoutingKey());
    }

    /**
     * Without mandatory the unroutable message is dropped silently: no return, and the channel stays
     * open. The mandatory marker published after it is the only return (returns keep publish order).
     */
    @Test
    void unroutableNonMandatoryMessageIsSilentlyDropped() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = uniqueName("void");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT);
        List<Return> returns = collectReturns(channel);

        channel.basicPublish(exchange, "", false, null, utf8("dropped"));
        channel.basicPublish(exchange, "", true, null, utf8("marker"));

        Await.until("the marker's basic.return", () -> !returns.isEmpty());
        assertEquals(List.of("marker"), returns.stream().map(r -> text(r.getBody())).toList());
        assertTrue(channel.isOpen());
    }

    /** A mandatory message that reaches a queue is delivered, not returned. */
    @Test
    void routableMandatoryMessageIsDeliveredNotReturned() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = uniqueName("routable");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT);
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, exchange, "k");
        List<Return> returns = collectReturns(channel);

        channel.basicPublish(exchange, "k", true, null, utf8("delivered"));
        channel.basicPublish(exchange, "unbound", true, null, utf8("marker"));

        Await.until("the marker's basic.return", () -> !returns.isEmpty());
        assertEquals(List.of("marker"), returns.stream().map(r -> text(r.getBody())).toList());
        assertEquals(List.of("delivered"), Messages.routedBodies(channel, queue));
    }

    /** RabbitMQ does not implement the immediate flag: NOT_IMPLEMENTED (540) "immediate=true", a connection error. */
    @Test
    void immediateFlagIsNotImplemented() throws Exception {
        Connection connection = broker.newConnection();
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare().getQueue();
        expectConnectionError(AMQP.NOT_IMPLEMENTED, connection,
                () -> channel.basicPublish("", queue, false, true, null, utf8("now!")));
    }

    private static List<Return> collectReturns(Channel channel) {
        List<Return> returns = new CopyOnWriteArrayList<>();
        channel.addReturnListener(returns::add);
        return returns;
    }
}
