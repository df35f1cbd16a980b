package io.warrenmq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Every kind of parameter the extension resolves, each used as a client would use it. */
@WarrenTest
class InjectionTest {
    private final WarrenBroker fromConstructor;

    InjectionTest(WarrenBroker broker) {
        this.fromConstructor = broker;
    }

    @Test
    void theHandleReachesConstructorsAndMethods(WarrenBroker broker) {
        assertSame(fromConstructor, broker);
    }

    @Test
    void thePortIsTheBrokersAndAcceptsAmqp(@WarrenPort int port, @WarrenPort Integer boxed, WarrenBroker broker)
            throws Exception {
        assertEquals(broker.server().port(), port);
        assertEquals(port, boxed);
        ConnectionFactory f = new ConnectionFactory();
        f.setPort(port);
        f.setHost("127.0.0.1");
        try (Connection c = f.newConnection()) {
            assertTrue(c.isOpen());
        }
    }

    @Test
    void theAmqpUriWorksWithTheJavaClientsSetUri(@AmqpUri URI uri, @AmqpUri String text, @WarrenPort int port)
            throws Exception {
        assertEquals("amqp://guest:guest@127.0.0.1:" + port + "/%2F", uri.toString());
        assertEquals(uri.toString(), text);
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(uri);
        assertEquals("/", f.getVirtualHost());
        try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclarePassive("amq.rabbitmq.reply-to"); // answered only by a real broker on the default vhost
        }
    }

    @Test
    void theConnectionFactoryIsReady(ConnectionFactory factory, @WarrenPort int port) throws Exception {
        assertEquals(port, factory.getPort());
        try (Connection c = factory.newConnection(); Channel ch = c.createChannel()) {
            String q = ch.queueDeclare().getQueue();
            ch.basicPublish("", q, null, "hello".getBytes());
            assertEquals("hello", new String(ch.basicGet(q, true).getBody()));
        }
    }

    @Test
    void aConnectionAndAChannelComeOpen(Connection connection, Channel channel, @WarrenPort int port)
            throws Exception {
        assertTrue(connection.isOpen());
        assertTrue(channel.isOpen());
        channel.exchangeDeclarePassive("amq.topic");
        assertEquals(port, connection.getPort());
        assertEquals(port, channel.getConnection().getPort());
    }
}
