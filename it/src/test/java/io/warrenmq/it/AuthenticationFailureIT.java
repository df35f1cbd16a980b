package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A refused login, as RabbitMQ's rabbit_reader answers it: a client that announced the
 * {@code authentication_failure_close} capability gets {@code connection.close} 403 ACCESS_REFUSED
 * with a text naming the mechanism (the Java client raises {@link AuthenticationFailureException});
 * any other client only sees the socket closed, without a close method (the Java client can then
 * only raise {@link PossibleAuthenticationFailureException}). Wrong password and unknown user are
 * answered alike, so a client cannot tell which names exist.
 */
class AuthenticationFailureIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    @ParameterizedTest(name = "user {0}, password {1}")
    @CsvSource({"guest, wrong-password", "no-such-user, guest"})
    void javaClientAnnouncingTheCapabilityGetsAuthenticationFailureException(String user, String password) {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setUsername(user);
        factory.setPassword(password);
        PossibleAuthenticationFailureException refused =
                assertThrows(PossibleAuthenticationFailureException.class, () -> broker.newConnection(factory));
        assertInstanceOf(AuthenticationFailureException.class, refused);
        assertEquals("ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. "
                + "For details see the broker logfile.", refused.getMessage());
    }

    @ParameterizedTest(name = "user {0}, password {1}")
    @CsvSource({"guest, wrong-password", "no-such-user, guest"})
    void javaClientWithoutTheCapabilityOnlySeesTheSocketClosed(String user, String password) {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setUsername(user);
        factory.setPassword(password);
        Map<String, Object> clientProperties = new HashMap<>(factory.getClientProperties());
        @SuppressWarnings("unchecked")
        Map<String, Object> capabilities = new HashMap<>((Map<String, Object>) clientProperties.get("capabilities"));
        capabilities.remove("authentication_failure_close");
        clientProperties.put("capabilities", capabilities);
        factory.setClientProperties(clientProperties);

        PossibleAuthenticationFailureException refused =
                assertThrows(PossibleAuthenticationFailureException.class, () -> broker.newConnection(factory));
        assertFalse(refused instanceof AuthenticationFailureException,
                "without authentication_failure_close the broker must not send connection.close");
    }

    /** Each refusal is counted, in total and for the peer's address; a good login is not. */
    @Test
    void refusedLoginsAreCountedByAddress() throws Exception {
        io.warrenmq.server.access.LoginFailures failures = broker.broker().loginFailures();
        java.net.InetAddress loopback = java.net.InetAddress.getByName("127.0.0.1");
        long total = failures.total();
        long fromHere = failures.from(loopback);
        for (int i = 0; i < 3; i++) {
            ConnectionFactory factory = broker.connectionFactory();
            factory.setPassword("wrong-" + i);
            assertThrows(PossibleAuthenticationFailureException.class, () -> broker.newConnection(factory));
        }
        broker.newConnection().close();
        Await.until("three refusals counted", () -> failures.total() == total + 3);
        assertEquals(fromHere + 3, failures.from(loopback));
    }

    /** On the wire: close 403 naming the mechanism (AMQPLAIN here), on the start-ok method. */
    @Test
    void rawClientAnnouncingTheCapabilityGetsClose403NamingTheMechanism() throws IOException {
        RawAmqpClient raw = broker.newRawClient();
        startOk(raw, true, "AMQPLAIN", amqplain("guest", "wrong"));
        RawAmqpClient.Close close = raw.expectConnectionClose();
        assertEquals(403, close.replyCode());
        assertEquals("ACCESS_REFUSED - Login was refused using authentication mechanism AMQPLAIN. "
                + "For details see the broker logfile.", close.replyText());
        assertEquals(10, close.classId());
        assertEquals(11, close.methodId());
        assertTrue(raw.awaitDisconnect(Duration.ofSeconds(10)));
    }

    @Test
    void rawClientWithoutTheCapabilitySeesNoFrameBeforeTheSocketCloses() throws IOException {
        RawAmqpClient raw = broker.newRawClient();
        startOk(raw, false, "PLAIN", "\0no-such-user\0guest".getBytes(StandardCharsets.UTF_8));
        try {
            RawAmqpClient.Frame frame = raw.readFrame();
            throw new AssertionError("expected the socket to close without a frame, got " + frame);
        } catch (EOFException | SocketException expected) {
            // the broker closed the socket, as RabbitMQ does for a client without the capability
        }
    }

    /** After any number of refusals the right credentials still work (nothing is locked out). */
    @Test
    void refusalsDoNotAffectTheNextGoodLogin() throws Exception {
        for (int i = 0; i < 3; i++) {
            ConnectionFactory bad = broker.connectionFactory();
            bad.setPassword("wrong");
            assertThrows(AuthenticationFailureException.class, () -> broker.newConnection(bad));
        }
        assertTrue(broker.newConnection().isOpen());
    }

    private static void startOk(RawAmqpClient raw, boolean announceCapability, String mechanism, byte[] response)
            throws IOException {
        raw.sendBytes(RawAmqpClient.PROTOCOL_HEADER);
        raw.expectMethod(10, 10);
        RawAmqpClient.Arguments clientProperties = announceCapability
                ? new RawAmqpClient.Arguments().raw(capabilityTable())
                : new RawAmqpClient.Arguments().emptyTable();
        raw.sendMethod(0, 10, 11, clientProperties
                .shortString(mechanism)
                .longString(response)
                .shortString("en_US"));
    }

    /** client-properties {capabilities: {authentication_failure_close: true}}, length-prefixed. */
    private static byte[] capabilityTable() throws IOException {
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        DataOutputStream in = new DataOutputStream(inner);
        byte[] name = "authentication_failure_close".getBytes(StandardCharsets.US_ASCII);
        in.writeByte(name.length);
        in.write(name);
        in.writeByte('t');
        in.writeByte(1);
        ByteArrayOutputStream outer = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(outer);
        byte[] key = "capabilities".getBytes(StandardCharsets.US_ASCII);
        out.writeByte(key.length);
        out.write(key);
        out.writeByte('F');
        out.writeInt(inner.size());
        out.write(inner.toByteArray());
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        DataOutputStream t = new DataOutputStream(table);
        t.writeInt(outer.size());
        t.write(outer.toByteArray());
        return table.toByteArray();
    }

    /** AMQPLAIN's response: a field table without its length, LOGIN and PASSWORD as long strings. */
    private static byte[] amqplain(String login, String password) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (String[] field : new String[][] {{"LOGIN", login}, {"PASSWORD", password}}) {
            out.writeByte(field[0].length());
            out.write(field[0].getBytes(StandardCharsets.US_ASCII));
            out.writeByte('S');
            byte[] value = field[1].getBytes(StandardCharsets.UTF_8);
            out.writeInt(value.length);
            out.write(value);
        }
        return bytes.toByteArray();
    }
}
