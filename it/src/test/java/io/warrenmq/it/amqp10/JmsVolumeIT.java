package io.warrenmq.it.amqp10;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.warrenmq.it.EmbeddedBroker;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.Random;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Enough traffic to go round the credit and session windows many times, and messages larger than
 * either side's max-frame-size (split into several transfer frames both ways).
 */
class JmsVolumeIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    private Connection jms() throws Exception {
        Connection c = new JmsConnectionFactory("guest", "guest", "amqp://127.0.0.1:" + broker.port()
                + "?jms.connectTimeout=10000&jms.prefetchPolicy.all=100").createConnection();
        c.start();
        return c;
    }

    @Test
    void thousandsOfMessagesInOrderThroughSmallWindows() throws Exception {
        try (com.rabbitmq.client.Connection rc = broker.newConnection(); Channel ch = rc.createChannel()) {
            ch.queueDeclare("volume", true, false, false, null);
        }
        int n = 3000;
        try (Connection c = jms()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("volume"));
            p.setDeliveryMode(DeliveryMode.NON_PERSISTENT); // async sends: many unsettled at once
            for (int i = 0; i < n; i++) {
                p.send(s.createTextMessage("m" + i));
            }
            MessageConsumer consumer = s.createConsumer(s.createQueue("volume"));
            for (int i = 0; i < n; i++) {
                TextMessage m = (TextMessage) consumer.receive(10_000);
                assertEquals("m" + i, m.getText());
            }
            assertNull(consumer.receiveNoWait());
        }
    }

    @Test
    void messagesLargerThanAFrameGoBothWays() throws Exception {
        try (com.rabbitmq.client.Connection rc = broker.newConnection(); Channel ch = rc.createChannel()) {
            ch.queueDeclare("large", false, false, false, null);
        }
        byte[] body = new byte[3 * 1024 * 1024 + 17];
        new Random(3).nextBytes(body);
        try (Connection c = jms()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            BytesMessage out = s.createBytesMessage();
            out.writeBytes(body);
            s.createProducer(s.createQueue("large")).send(out);
            // the 0-9-1 side sees the body as sent
            try (com.rabbitmq.client.Connection rc = broker.newConnection(); Channel ch = rc.createChannel()) {
                GetResponse got = io.warrenmq.it.Await.result("the large message",
                        () -> ch.basicGet("large", false), r -> r != null);
                assertArrayEquals(body, got.getBody());
                ch.basicReject(got.getEnvelope().getDeliveryTag(), true);
            }
            BytesMessage in = (BytesMessage) s.createConsumer(s.createQueue("large")).receive(10_000);
            byte[] back = new byte[(int) in.getBodyLength()];
            in.readBytes(back);
            assertArrayEquals(body, back);
        }
    }
}
