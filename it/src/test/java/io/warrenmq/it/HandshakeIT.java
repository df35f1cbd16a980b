package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.assertConnectionClosed;
import static io.warrenmq.it.AmqpAssertions.findShutdownSignal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.ShutdownSignalException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connection establishment (AMQP 0-9-1 §4.2.2 protocol header, §2.2.4 connection class): protocol
 * negotiation, SASL PLAIN, tuning and vhost access, as RabbitMQ does them.
 */
class HandshakeIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    @RegisterExtension
    static final EmbeddedBroker customUserBroker =
            new EmbeddedBroker(config -> config.withDefaultUser("admin", "s3cret"));

    /** With another default user configured, that user gets in and guest (which no longer exists) is refused. */
    @Test
    void configuredDefaultUserReplacesGuest() throws Exception {
        ConnectionFactory admin = customUserBroker.connectionFactory();
        admin.setUsername("admin");
        admin.setPassword("s3cret");
        assertTrue(customUserBroker.newConnection(admin).isOpen());

        ConnectionFactory guest = customUserBroker.connectionFactory();
        assertThrows(PossibleAuthenticationFailureException.class, () -> customUserBroker.newConnection(guest));
    }

    /** The default user guest/guest may connect from loopback to the default vhost "/". */
    @Test
    void guestConnectsFromLoopbackToDefaultVhost() throws Exception {
        Connection connection = broker.newConnection();
        assertTrue(connection.isOpen());
        Channel channel = connection.createChannel();
        assertTrue(channel.isOpen());
        channel.close();
    }

    /**
     * "server-properties: product, version, platform, copyright, information" (connection.start);
     * RabbitMQ also sends a "capabilities" table whose values are booleans, which clients read to
     * decide which extensions they may use.
     */
    @Test
    void serverPropertiesNameProductAndVersionAndCarryACapabilitiesTable() throws Exception {
        Map<String, Object> properties = broker.newConnection().getServerProperties();
        assertNonEmptyString(properties, "product");
        assertNonEmptyString(properties, "version");
        Object capabilities = properties.get("capabilities");
        Map<?, ?> table = assertInstanceOf(Map.class, capabilities, "capabilities must be a field table");
        table.forEach((name, value) ->
                assertInstanceOf(Boolean.class, value, "capability '" + name + "' must be a boolean"));
    }

    /** The nine capabilities RabbitMQ advertises, each true (each has its own IT). */
    @Test
    void allNineRabbitMqCapabilitiesAreAdvertised() throws Exception {
        Connection connection = broker.newConnection();
        for (String name : java.util.List.of("publisher_confirms", "exchange_exchange_bindings", "basic.nack",
                "consumer_cancel_notify", "connection.blocked", "consumer_priorities",
                "authentication_failure_close", "per_consumer_qos", "direct_reply_to")) {
            assertTrue(capability(connection, name), name);
        }
    }

    /** A broker that advertises publisher_confirms must honour confirm.select and ack publishes. */
    @Test
    void advertisedPublisherConfirmsAreHonoured() throws Exception {
        Connection connection = broker.newConnection();
        assertTrue(capability(connection, "publisher_confirms"));
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare().getQueue();
        channel.confirmSelect();
        channel.basicPublish("", queue, null, Messages.utf8("confirmed"));
        channel.waitForConfirmsOrDie(30_000);
    }

    /** RabbitMQ proposes frame-max 131072, channel-max 2047 and heartbeat 60 s in connection.tune. */
    @Test
    void defaultTuningIsFrameMax131072ChannelMax2047Heartbeat60() throws Exception {
        Connection connection = broker.newConnection();
        assertEquals(131072, connection.getFrameMax(), "frame-max");
        assertEquals(2047, connection.getChannelMax(), "channel-max");
        assertEquals(60, connection.getHeartbeat(), "heartbeat");
    }

    /**
     * The broker must accept tune-ok values lower than it proposed (§4.2.6: "the client can
     * negotiate a lower value"); the lower non-zero value of each pair wins.
     */
    @Test
    void lowerClientRequestsWinTheTuneNegotiation() throws Exception {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setRequestedFrameMax(65536);
        factory.setRequestedChannelMax(100);
        factory.setRequestedHeartbeat(10);
        Connection connection = broker.newConnection(factory);
        assertEquals(65536, connection.getFrameMax(), "frame-max");
        assertEquals(100, connection.getChannelMax(), "channel-max");
        assertEquals(10, connection.getHeartbeat(), "heartbeat");
        // and the connection works at the negotiated frame size: a body spanning several frames
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare().getQueue();
        byte[] body = new byte[3 * 65536 + 17];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        channel.basicPublish("", queue, null, body);
        assertArrayEquals(body, Messages.getEventually(channel, queue, true).getBody());
    }

    /**
     * A wrong password is refused with ACCESS_REFUSED (403). RabbitMQ sends connection.close 403
     * before closing the socket when the client advertises authentication_failure_close (the Java
     * client does), which the client turns into AuthenticationFailureException.
     */
    @Test
    void wrongPasswordIsRefusedWithAccessRefused() throws Exception {
        assertTrue(capability(broker.newConnection(), "authentication_failure_close"));
        ConnectionFactory factory = broker.connectionFactory();
        factory.setPassword("not-the-password");
        PossibleAuthenticationFailureException refused =
                assertThrows(PossibleAuthenticationFailureException.class, () -> broker.newConnection(factory));
        assertInstanceOf(AuthenticationFailureException.class, refused,
                "broker advertises authentication_failure_close, so it must send connection.close 403");
    }

    /** An unknown user is refused exactly like a wrong password. */
    @Test
    void unknownUserIsRefusedWithAccessRefused() throws Exception {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setUsername("no-such-user");
        PossibleAuthenticationFailureException refused =
                assertThrows(PossibleAuthenticationFailureException.class, () -> broker.newConnection(factory));
        assertInstanceOf(AuthenticationFailureException.class, refused);
    }

    /** connection.open of a vhost that does not exist is a NOT_ALLOWED (530) connection error. */
    @Test
    void unknownVirtualHostIsRefusedWithNotAllowed() {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setVirtualHost("no-such-vhost");
        Exception thrown = assertThrows(Exception.class, () -> broker.newConnection(factory));
        ShutdownSignalException signal = findShutdownSignal(thrown);
        assertNotNull(signal, () -> "expected connection.close 530, got " + thrown);
        assertConnectionClosed(AMQP.NOT_ALLOWED, signal);
    }

    /**
     * §4.2.2: "If the server does not recognise the first 5 octets of data on the socket, or does
     * not support the specific protocol version that the client requests, it MUST write a valid
     * protocol header to the open socket ... and then close the socket connection."
     */
    @Test
    void unsupportedProtocolVersionIsAnsweredWithAmqp0091HeaderThenClosed() throws Exception {
        RawAmqpClient raw = broker.newRawClient();
        raw.sendBytes(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 10, 0});
        assertArrayEquals(RawAmqpClient.PROTOCOL_HEADER, raw.readBytes(8), "broker must answer with AMQP 0-9-1");
        assertTrue(raw.awaitDisconnect(Duration.ofSeconds(30)), "broker must close the socket after the header");
    }

    /** Same rule for something that is not AMQP at all. */
    @Test
    void garbageProtocolHeaderIsAnsweredWithAmqp0091HeaderThenClosed() throws Exception {
        RawAmqpClient raw = broker.newRawClient();
        raw.sendBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(RawAmqpClient.PROTOCOL_HEADER, raw.readBytes(8), "broker must answer with AMQP 0-9-1");
        assertTrue(raw.awaitDisconnect(Duration.ofSeconds(30)), "broker must close the socket after the header");
    }

    /** A raw peer speaking the handshake by the book gets through (the raw client used by other ITs). */
    @Test
    void rawHandshakeReceivesTheSameTuneProposal() throws Exception {
        RawAmqpClient raw = broker.newRawClient();
        RawAmqpClient.Tune tune = raw.handshake(0);
        assertEquals(new RawAmqpClient.Tune(2047, 131072, 60), tune);
        raw.openChannel(1);
    }

    private static boolean capability(Connection connection, String name) {
        Object capabilities = connection.getServerProperties().get("capabilities");
        return capabilities instanceof Map<?, ?> table && Boolean.TRUE.equals(table.get(name));
    }

    private static void assertNonEmptyString(Map<String, Object> properties, String key) {
        Object value = properties.get(key);
        assertNotNull(value, () -> "server property '" + key + "' missing from " + properties.keySet());
        assertTrue(value instanceof LongString || value instanceof String,
                () -> "server property '" + key + "' should be a string, was " + value.getClass());
        assertTrue(!value.toString().isEmpty(), () -> "server property '" + key + "' is empty");
    }
}
