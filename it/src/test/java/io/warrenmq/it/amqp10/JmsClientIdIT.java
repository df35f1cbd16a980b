package io.warrenmq.it.amqp10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.warrenmq.it.EmbeddedBroker;
import jakarta.jms.Connection;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * JMS client IDs are unique (JMS 2.0 §6.1.2): qpid-jms uses the client ID as the AMQP container-id
 * and desires {@code sole-connection-for-container}; a second connection with the same client ID is
 * refused at open ({@code amqp:invalid-field}, info {@code {invalid-field: container-id}}), which
 * qpid-jms reports as {@link InvalidClientIDException}, while the first keeps working. RabbitMQ does
 * not detect this.
 */
class JmsClientIdIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    private Connection connect(String clientId) throws JMSException {
        Connection c = new JmsConnectionFactory("guest", "guest", "amqp://127.0.0.1:" + broker.port()
                + "?jms.connectTimeout=10000").createConnection();
        try {
            c.setClientID(clientId); // qpid-jms opens the AMQP connection here
            c.start();
            return c;
        } catch (JMSException e) {
            c.close();
            throw e;
        }
    }

    private static String roundTrip(Connection c, String queueName, String text) throws JMSException {
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(queueName);
        MessageConsumer consumer = s.createConsumer(q);
        s.createProducer(q).send(s.createTextMessage(text));
        String got = ((TextMessage) consumer.receive(10_000)).getText();
        s.close();
        return got;
    }

    @Test
    void aSecondConnectionWithTheSameClientIdIsRefusedAndTheFirstKeepsWorking() throws Exception {
        String queue = EmbeddedBroker.uniqueName("client-id");
        try (com.rabbitmq.client.Connection c = broker.newConnection()) {
            c.createChannel().queueDeclare(queue, false, false, false, null);
        }
        try (Connection first = connect("order-service")) {
            InvalidClientIDException refused = assertThrows(InvalidClientIDException.class,
                    () -> connect("order-service"));
            assertEquals(true, refused.getMessage().contains("order-service"), refused.getMessage());
            assertEquals("still served", roundTrip(first, queue, "still served"));
            try (Connection other = connect("billing-service")) {
                assertEquals("another id", roundTrip(other, queue, "another id"));
            }
        }
        // once close() has returned the client ID is free again: the broker releases it before its close
        try (Connection again = connect("order-service")) {
            assertEquals("reconnected", roundTrip(again, queue, "reconnected"));
        }
    }
}
