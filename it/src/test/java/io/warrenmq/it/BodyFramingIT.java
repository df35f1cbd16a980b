package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.impl.nio.DefaultByteBufferFactory;
import com.rabbitmq.client.impl.nio.NioParams;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bodies split into body frames of frame-max − 8 octets (AMQP 0-9-1 §4.2.6.2) arrive intact, also
 * when their length is exactly k whole frames, or one octet either side, so the last frame is full,
 * holds one octet, or the body ends one short of a boundary; through the Java client's blocking
 * transport and its NIO transport writing from direct {@link ByteBuffer}s, at the smallest frame-max
 * (4096) and the default one (131072). Each body is random and compared octet by octet, published
 * and consumed (delivered split by the broker in turn) and fetched with basic.get.
 */
class BodyFramingIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    static Stream<Arguments> transportsAndFrameMaxes() {
        return Stream.of(Arguments.of("blocking", 4096), Arguments.of("blocking", 131072),
                Arguments.of("nio-direct", 4096), Arguments.of("nio-direct", 131072));
    }

    @ParameterizedTest(name = "{0}, frame-max {1}")
    @MethodSource("transportsAndFrameMaxes")
    void bodiesAtFrameBoundariesArriveIntact(String transport, int frameMax) throws Exception {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setRequestedFrameMax(frameMax);
        if (transport.equals("nio-direct")) {
            factory.useNio();
            factory.setNioParams(new NioParams().setByteBufferFactory(
                    new DefaultByteBufferFactory(ByteBuffer::allocateDirect)));
        }
        Connection connection = broker.newConnection(factory);
        assertEquals(frameMax, connection.getFrameMax());
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare().getQueue();

        int payload = frameMax - 8;
        List<byte[]> bodies = new ArrayList<>();
        Random random = new Random(frameMax);
        for (int k = 1; k <= 3; k++) {
            for (int delta = -1; delta <= 1; delta++) {
                byte[] body = new byte[k * payload + delta];
                random.nextBytes(body);
                bodies.add(body);
            }
        }
        bodies.add(new byte[0]);
        for (byte[] body : bodies) {
            channel.basicPublish("", queue, null, body);
        }
        for (byte[] expected : bodies) {
            GetResponse got = Messages.getEventually(channel, queue, true);
            assertArrayEquals(expected, got.getBody(), "body of " + expected.length + " octets");
        }
    }
}
