package io.warrenmq.it.amqp10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.rabbitmq.client.Channel;
import io.warrenmq.it.Await;
import io.warrenmq.it.EmbeddedBroker;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Non-durable JMS topics: {@code createTopic("a.b")} is amq.topic with key {@code a.b} (the broker
 * offers {@code topic-prefix=/topics/}); each subscriber gets a queue of its own, bound with its
 * topic name (so amq.topic's wildcards work), gone when it closes. (Durable and shared
 * subscriptions, selectors, no-local: {@link JmsDurableSubscriptionIT}, {@link JmsSharedSubscriptionIT},
 * {@link JmsSelectorIT}, {@link JmsNoLocalIT}.)
 */
class JmsTopicIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    private Connection connection;

    private Session session() throws JMSException {
        connection = new JmsConnectionFactory("guest", "guest", "amqp://127.0.0.1:" + broker.port()
                + "?jms.connectTimeout=10000").createConnection();
        connection.setClientID("topic-test");
        connection.start();
        return connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @AfterEach
    void close() throws JMSException {
        if (connection != null) {
            connection.close();
        }
    }

    private int queues() {
        return broker.broker().vhosts().get("/").queues().size();
    }

    @Test
    void eachSubscriberGetsWhatItsTopicMatchesFromJmsAndFromZeroNineOne() throws Exception {
        // the other test's subscriber queue goes when its bridge connection has closed, a little later
        Await.until("no queues left by other tests", () -> queues() == 0);
        int before = queues();
        Session s = session();
        MessageConsumer all = s.createConsumer(s.createTopic("news.*"));
        MessageConsumer eu = s.createConsumer(s.createTopic("news.eu"));
        MessageConsumer sport = s.createConsumer(s.createTopic("sport.#"));
        Await.until("three subscription queues", () -> queues() == before + 3);

        s.createProducer(s.createTopic("news.eu")).send(s.createTextMessage("from JMS"));
        assertEquals("from JMS", ((TextMessage) all.receive(10_000)).getText());
        assertEquals("from JMS", ((TextMessage) eu.receive(10_000)).getText());

        try (com.rabbitmq.client.Connection c = broker.newConnection(); Channel ch = c.createChannel()) {
            ch.basicPublish("amq.topic", "sport.football.results",
                    new com.rabbitmq.client.AMQP.BasicProperties.Builder().contentType("text/plain").build(),
                    "from 0-9-1".getBytes(StandardCharsets.UTF_8));
        }
        TextMessage m = (TextMessage) sport.receive(10_000);
        assertEquals("from 0-9-1", m.getText());
        assertNull(all.receiveNoWait());
        assertNull(eu.receiveNoWait());

        all.close();
        eu.close();
        sport.close();
        Await.until("subscription queues deleted", () -> queues() == before);
    }
}
