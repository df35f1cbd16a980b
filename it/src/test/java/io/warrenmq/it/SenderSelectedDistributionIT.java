package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sender-selected distribution (https://www.rabbitmq.com/docs/sender-selected): the CC and BCC
 * headers add routing keys; BCC is removed before delivery, CC is kept; a queue reached twice
 * gets one copy.
 */
class SenderSelectedDistributionIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    @Test
    void ccAndBccRouteToMoreQueuesAndBccIsHidden() throws Exception {
        Channel channel = broker.newChannel();
        String a = channel.queueDeclare().getQueue();
        String b = channel.queueDeclare().getQueue();
        String c = channel.queueDeclare().getQueue();
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .headers(Map.of("CC", List.of(b, a), "BCC", List.of(c))).build();
        channel.confirmSelect();
        channel.basicPublish("", a, props, "hello".getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(30_000);

        for (String q : List.of(a, b, c)) {
            assertEquals(1, channel.queueDeclarePassive(q).getMessageCount(), "one copy in " + q);
            GetResponse r = channel.basicGet(q, true);
            Map<String, Object> headers = r.getProps().getHeaders();
            assertTrue(headers.containsKey("CC"), "CC is kept");
            assertFalse(headers.containsKey("BCC"), "BCC is removed");
        }
    }
}
