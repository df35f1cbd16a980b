package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * handshake_timeout (RabbitMQ's key; 300 ms here): sockets that never finish their handshake are
 * closed by the broker, whatever they sent so far, while real clients (0-9-1 and AMQP 1.0) that
 * opened in time stay connected past it.
 */
class HandshakeTimeoutIT {
    private static final long TIMEOUT_MILLIS = 300;

    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withHandshakeTimeout(TIMEOUT_MILLIS));

    private Socket socket() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", broker.port()), 5_000);
        s.setSoTimeout(15_000); // a bound for the test, far above the deadline
        return s;
    }

    /** Reads (and drops) what the broker sends until it closes the socket; fails if it never does. */
    private static void assertClosedByBroker(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        try {
            while (in.read(buf) >= 0) {
                // connection.start, for a socket that sent the header
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the broker kept a socket that never finished its handshake", e);
        } catch (IOException reset) {
            // closed: a reset is as good as an end of stream
        }
    }

    @Test
    void aSilentSocketIsClosed() throws Exception {
        try (Socket s = socket()) {
            assertClosedByBroker(s);
        }
    }

    @Test
    void aSocketThatSentOnlyTheProtocolHeaderIsClosed() throws Exception {
        try (Socket s = socket()) {
            s.getOutputStream().write("AMQP\0\0\u0009\u0001".getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            assertClosedByBroker(s);
        }
    }

    @Test
    void manySilentSocketsAreAllClosedWhileARealClientGetsIn() throws Exception {
        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                silent.add(socket());
            }
            try (Connection c = broker.newConnection()) {
                Channel ch = c.createChannel();
                assertTrue(ch.queueDeclare().getQueue().startsWith("amq.gen-"));
            }
            for (Socket s : silent) {
                assertClosedByBroker(s);
            }
        } finally {
            for (Socket s : silent) {
                s.close();
            }
        }
    }

    @Test
    void openConnectionsOutliveTheDeadline() throws Exception {
        try (Connection c = broker.newConnection()) {
            jakarta.jms.Connection jms = new JmsConnectionFactory("guest", "guest",
                    "amqp://127.0.0.1:" + broker.port() + "?amqp.idleTimeout=30000").createConnection();
            try {
                jms.start();
                // past the deadline of both: a silent socket accepted after them has been closed by its own
                try (Socket later = socket()) {
                    assertClosedByBroker(later);
                }
                Channel ch = c.createChannel();
                String q = EmbeddedBroker.uniqueName("outlive");
                ch.queueDeclare(q, false, false, true, null); // not exclusive: the JMS connection sends to it
                jakarta.jms.Session session = jms.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
                session.createProducer(session.createQueue(q)).send(session.createTextMessage("still open"));
                assertEquals("still open", new String(
                        Await.result("the JMS message", () -> ch.basicGet(q, true), r -> r != null).getBody(),
                        StandardCharsets.UTF_8));
            } finally {
                jms.close();
            }
        }
    }
}
