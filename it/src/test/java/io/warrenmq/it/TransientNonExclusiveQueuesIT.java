package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectConnectionError;
import static io.warrenmq.it.EmbeddedBroker.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.warrenmq.server.ConfigLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * deprecated_features.permit.transient_nonexcl_queues = false, RabbitMQ 4.3.0's default: a
 * queue.declare of a queue neither durable nor exclusive closes the connection with 541 and the
 * explanation RabbitMQ gives (cut at 252 octets plus "...", as RabbitMQ cuts reply texts);
 * durable and exclusive queues are declared as usual. Permitted by default, as RabbitMQ 3.13-4.2.
 */
class TransientNonExclusiveQueuesIT {
    /** The rabbitmq.conf key, read by ConfigLoader as the broker's own start-up does. */
    @RegisterExtension
    static final EmbeddedBroker denied = new EmbeddedBroker(c -> ConfigLoader.apply(c,
            Map.of("deprecated_features.permit.transient_nonexcl_queues", "false")));

    @RegisterExtension
    static final EmbeddedBroker permitted = new EmbeddedBroker();

    /** RabbitMQ 4.3's text for this refusal, as its deprecated-features module generates it, cut to 255 octets. */
    static final String REFUSAL = "INTERNAL_ERROR - Feature `transient_nonexcl_queues` is deprecated.\n"
            + "By default, this feature is not permitted anymore.\n"
            + "The feature will be removed from a future major RabbitMQ version, regardless of the configuration; "
            + "actual version to be determined.\nTo...";

    @Test
    void aTransientNonExclusiveQueueIsRefusedWith541AndNotCreated() throws Exception {
        String name = uniqueName("transient");
        Connection connection = denied.newConnection();
        Channel ch = connection.createChannel();
        AMQP.Connection.Close close = expectConnectionError(AMQP.INTERNAL_ERROR, connection,
                () -> ch.queueDeclare(name, false, false, false, null));
        assertEquals(REFUSAL, close.getReplyText());
        assertEquals(255, close.getReplyText().length());
        assertEquals(50, close.getClassId());
        assertEquals(10, close.getMethodId());
        assertNull(denied.broker().vhosts().get("/").queue(name));
    }

    @Test
    void autoDeleteAndServerNamedTransientQueuesAreRefusedToo() throws Exception {
        Connection a = denied.newConnection();
        Channel autoDelete = a.createChannel();
        expectConnectionError(AMQP.INTERNAL_ERROR, a,
                () -> autoDelete.queueDeclare(uniqueName("auto"), false, false, true, null));
        Connection b = denied.newConnection();
        Channel serverNamed = b.createChannel();
        expectConnectionError(AMQP.INTERNAL_ERROR, b, () -> serverNamed.queueDeclare("", false, false, true, null));
    }

    @Test
    void durableAndExclusiveQueuesAreDeclaredAsUsual() throws Exception {
        Channel ch = denied.newChannel();
        String durable = uniqueName("durable");
        assertEquals(durable, ch.queueDeclare(durable, true, false, false, null).getQueue());
        String exclusive = uniqueName("exclusive");
        assertEquals(exclusive, ch.queueDeclare(exclusive, false, true, true, null).getQueue());
        assertNotNull(ch.queueDeclare().getQueue()); // the client's default: server-named, exclusive
        ch.queueDeclarePassive(durable); // a passive declare is no declaration
    }

    @Test
    void byDefaultTheQueueIsPermitted() throws Exception {
        Channel ch = permitted.newChannel();
        String name = uniqueName("transient");
        assertEquals(name, ch.queueDeclare(name, false, false, false, null).getQueue());
        assertNotNull(permitted.broker().vhosts().get("/").queue(name));
    }
}
