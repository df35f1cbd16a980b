package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.SocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Heartbeats (AMQP 0-9-1 §4.2.7): once negotiated, each peer sends heartbeat frames when otherwise
 * idle, and "if a peer detects no incoming traffic (i.e. received octets) for two heartbeat
 * intervals or longer, it should close the connection without following the Connection.Close/Close-Ok
 * handshaking". Only "is disconnected eventually" is asserted, never how fast.
 */
class HeartbeatIT {
    private static final int HEARTBEAT_FRAME_BYTES = 8;

    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    /**
     * With heartbeat 1 s an idle Java client connection survives several intervals: the broker keeps
     * sending heartbeats (counted as bytes arriving while nothing else is sent) and accepts the
     * client's, so neither side gives up.
     */
    @Test
    void idleConnectionWithShortHeartbeatStaysOpen() throws Exception {
        AtomicLong bytesRead = new AtomicLong();
        ConnectionFactory factory = broker.connectionFactory();
        factory.setRequestedHeartbeat(1);
        factory.setSocketFactory(new CountingSocketFactory(bytesRead));
        Connection connection = broker.newConnection(factory);
        assertEquals(1, connection.getHeartbeat(), "negotiated heartbeat");

        long idleSince = bytesRead.get();
        Await.until("the broker to send 4 heartbeats to an idle connection",
                () -> !connection.isOpen() || bytesRead.get() - idleSince >= 4 * HEARTBEAT_FRAME_BYTES);
        assertTrue(connection.isOpen(), () -> "idle connection was dropped: " + connection.getCloseReason());

        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare().getQueue();
        channel.basicPublish("", queue, null, Messages.utf8("still here"));
        assertEquals("still here", Messages.text(Messages.getEventually(channel, queue, true).getBody()));
    }

    /**
     * The Java client gives up on a broker it hears nothing from for two heartbeat intervals, on each
     * of its three transports (blocking sockets, NIO, Netty), each with its own heartbeat timer. Three
     * idle 1 s connections, one per transport, left alone for six intervals: each must still be open,
     * which it can only be if the broker's heartbeats reached it in time, and usable afterwards.
     */
    @Test
    void idleOneSecondHeartbeatConnectionsSurviveOnEveryClientTransport() throws Exception {
        ConnectionFactory blocking = broker.connectionFactory();
        ConnectionFactory nio = broker.connectionFactory();
        nio.useNio();
        ConnectionFactory netty = broker.connectionFactory();
        netty.netty();
        java.util.Map<String, Connection> connections = new java.util.LinkedHashMap<>();
        for (var entry : java.util.Map.of("blocking", blocking, "nio", nio, "netty", netty).entrySet()) {
            entry.getValue().setRequestedHeartbeat(1);
            Connection connection = broker.newConnection(entry.getValue());
            assertEquals(1, connection.getHeartbeat(), entry.getKey() + ": negotiated heartbeat");
            connections.put(entry.getKey(), connection);
        }

        Thread.sleep(6_000); // six intervals of silence from the clients' applications

        for (var entry : connections.entrySet()) {
            Connection connection = entry.getValue();
            assertTrue(connection.isOpen(), () -> entry.getKey() + " transport: idle connection was dropped: "
                    + connection.getCloseReason());
            Channel channel = connection.createChannel();
            String queue = channel.queueDeclare().getQueue();
            channel.basicPublish("", queue, null, Messages.utf8("still here"));
            assertEquals("still here", Messages.text(Messages.getEventually(channel, queue, true).getBody()),
                    entry.getKey());
        }
    }

    /** A peer that negotiates heartbeat 1 s and then sends nothing at all is disconnected by the broker. */
    @Test
    void silentPeerIsDisconnectedAfterMissedHeartbeats() throws Exception {
        RawAmqpClient raw = broker.newRawClient();
        raw.handshake(1);
        raw.readTimeout(Duration.ofSeconds(1));
        assertTrue(raw.awaitDisconnect(Duration.ofSeconds(45)),
                "broker kept a connection open although the peer missed many heartbeats");
    }

    /** A raw peer that does send heartbeats is not disconnected while it receives the broker's. */
    @Test
    void rawPeerSendingHeartbeatsStaysConnected() throws Exception {
        RawAmqpClient raw = broker.newRawClient();
        raw.handshake(1);
        int received = 0;
        while (received < 4) {
            RawAmqpClient.Frame frame = raw.readFrame();
            if (frame.type() == RawAmqpClient.FRAME_HEARTBEAT) {
                assertEquals(0, frame.channel(), "heartbeat frames use channel 0");
                received++;
                raw.sendFrame(RawAmqpClient.FRAME_HEARTBEAT, 0, new byte[0]);
            }
        }
        raw.openChannel(1);
    }

    /** Wraps sockets so the test can see bytes arriving from the broker. */
    private static final class CountingSocketFactory extends SocketFactory {
        private final AtomicLong bytesRead;

        CountingSocketFactory(AtomicLong bytesRead) {
            this.bytesRead = bytesRead;
        }

        @Override
        public Socket createSocket() {
            return new Socket() {
                @Override
                public InputStream getInputStream() throws IOException {
                    return new FilterInputStream(super.getInputStream()) {
                        @Override
                        public int read() throws IOException {
                            int b = super.read();
                            if (b >= 0) {
                                bytesRead.incrementAndGet();
                            }
                            return b;
                        }

                        @Override
                        public int read(byte[] buffer, int offset, int length) throws IOException {
                            int n = super.read(buffer, offset, length);
                            if (n > 0) {
                                bytesRead.addAndGet(n);
                            }
                            return n;
                        }
                    };
                }
            };
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            throw new UnsupportedOperationException("the client creates unconnected sockets");
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
            throw new UnsupportedOperationException("the client creates unconnected sockets");
        }

        @Override
        public Socket createSocket(InetAddress host, int port) {
            throw new UnsupportedOperationException("the client creates unconnected sockets");
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
            throw new UnsupportedOperationException("the client creates unconnected sockets");
        }
    }
}
