package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import com.rabbitmq.client.ShutdownSignalException;
import io.warrenmq.auth.Permissions;
import io.warrenmq.auth.User;
import io.warrenmq.server.vhost.VhostMetadata;
import io.warrenmq.server.vhost.VirtualHosts;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several virtual hosts: each with its own exchanges and queues (the same names in two vhosts do
 * not meet), created and deleted at runtime as {@code rabbitmqctl add_vhost/delete_vhost} do; a
 * deletion closes the vhost's connections with 320 CONNECTION_FORCED and removes its contents and
 * permissions; vhosts, users and permissions survive a restart.
 */
class VirtualHostsIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    private VirtualHosts vhosts() {
        return broker.broker().vhosts();
    }

    @AfterEach
    void cleanUp() {
        for (String v : List.of("orders", "a/b", "billing")) {
            vhosts().delete(v);
        }
        broker.broker().users().deleteUser("olga");
    }

    private ConnectionFactory guestOn(String vhost) {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setVirtualHost(vhost);
        return factory;
    }

    private void createWithGuest(String vhost) {
        assertTrue(vhosts().create(vhost, VhostMetadata.NONE));
        broker.broker().users().setPermissions("guest", vhost, Permissions.FULL);
    }

    @Test
    void theSameQueueNameInTwoVhostsIsTwoQueues() throws Exception {
        createWithGuest("orders");
        createWithGuest("a/b"); // a name with a slash, as RabbitMQ allows
        Channel orders = broker.newConnection(guestOn("orders")).createChannel();
        Channel other = broker.newConnection(guestOn("a/b")).createChannel();
        orders.queueDeclare("jobs", false, false, false, null);
        other.queueDeclare("jobs", false, false, false, null);
        orders.basicPublish("", "jobs", null, Messages.utf8("for orders"));
        assertEquals("for orders", Messages.text(Messages.getEventually(orders, "jobs", true).getBody()));
        assertNull(other.basicGet("jobs", true), "no crosstalk between vhosts");
        assertEquals(0, other.queueDeclarePassive("jobs").getMessageCount());
        // every vhost has its own amq.* exchanges
        other.exchangeDeclarePassive("amq.topic");
    }

    @Test
    void aVhostThatDoesNotExistIsNotAllowed() {
        IOException e = assertThrows(IOException.class, () -> broker.newConnection(guestOn("nowhere")));
        AMQP.Connection.Close close = (AMQP.Connection.Close) assertInstanceOf(ShutdownSignalException.class,
                e.getCause()).getReason();
        assertEquals(530, close.getReplyCode());
        assertEquals("NOT_ALLOWED - vhost nowhere not found", close.getReplyText());
    }

    @Test
    void deletingAVhostClosesItsConnectionsAndRemovesItsContents() throws Exception {
        createWithGuest("orders");
        Connection inside = broker.newConnection(guestOn("orders"));
        Connection outside = broker.newConnection();
        Channel channel = inside.createChannel();
        channel.queueDeclare("durable-jobs", true, false, false, null);
        channel.basicPublish("", "durable-jobs", MessageProperties.PERSISTENT_BASIC, Messages.utf8("kept?"));
        channel.queueDeclarePassive("durable-jobs");
        CompletableFuture<ShutdownSignalException> closed = new CompletableFuture<>();
        inside.addShutdownListener(closed::complete);

        assertTrue(vhosts().delete("orders"));

        ShutdownSignalException signal = closed.get(10, TimeUnit.SECONDS);
        assertTrue(signal.isHardError());
        AMQP.Connection.Close close = (AMQP.Connection.Close) signal.getReason();
        assertEquals(320, close.getReplyCode());
        assertEquals("CONNECTION_FORCED - vhost 'orders' is deleted", close.getReplyText());
        assertTrue(outside.isOpen(), "connections to other vhosts are untouched");
        assertNull(broker.broker().users().snapshot().permissions("guest", "orders"), "its permissions went too");
        assertThrows(IOException.class, () -> broker.newConnection(guestOn("orders")));

        // recreated: empty, also after a restart (the durable queue and its message are gone for good)
        createWithGuest("orders");
        broker.restart();
        Channel again = broker.newConnection(guestOn("orders")).createChannel();
        assertThrows(IOException.class, () -> again.queueDeclarePassive("durable-jobs"));
    }

    @Test
    void vhostsUsersPermissionsAndTheirTopologySurviveARestart() throws Exception {
        assertTrue(vhosts().create("billing", new VhostMetadata("invoices", List.of("eu", "prod"), "classic")));
        broker.broker().users().putUser(User.withPassword("olga", "olga-pw", List.of("monitoring")));
        broker.broker().users().setPermissions("olga", "billing", Permissions.of("^olga-.*", ".*", ".*"));
        ConnectionFactory olga = broker.connectionFactory();
        olga.setUsername("olga");
        olga.setPassword("olga-pw");
        olga.setVirtualHost("billing");
        Channel channel = broker.newConnection(olga).createChannel();
        channel.queueDeclare("olga-durable", true, false, false, null);
        channel.basicPublish("", "olga-durable", MessageProperties.PERSISTENT_BASIC, Messages.utf8("invoice 1"));
        channel.queueDeclarePassive("olga-durable");

        broker.restart();
        olga.setPort(broker.port()); // a restarted broker listens on a new ephemeral port

        assertEquals(new VhostMetadata("invoices", List.of("eu", "prod"), "classic"), vhosts().metadata("billing"));
        assertEquals(List.of("monitoring"), broker.broker().users().user("olga").orElseThrow().tags());
        Channel after = broker.newConnection(olga).createChannel();
        assertEquals("invoice 1", Messages.text(Messages.getEventually(after, "olga-durable", true).getBody()));
        olga.setPassword("wrong");
        assertThrows(AuthenticationFailureException.class, () -> broker.newConnection(olga));
    }

    /** RabbitMQ creates its default user only on first boot: a deleted guest stays deleted after a restart. */
    @Test
    void theDefaultUserIsCreatedOnlyWhenThereAreNoUsers() throws Exception {
        broker.broker().users().putUser(User.withPassword("olga", "olga-pw", List.of()));
        broker.broker().users().setPermissions("olga", "/", Permissions.FULL);
        var guestBefore = broker.broker().users().user("guest").orElseThrow();
        broker.broker().users().deleteUser("guest");
        try {
            broker.restart();
            assertFalse(broker.broker().users().user("guest").isPresent());
            assertThrows(AuthenticationFailureException.class, () -> broker.newConnection());
        } finally {
            broker.broker().users().putUser(guestBefore);
            broker.broker().users().setPermissions("guest", "/", Permissions.FULL);
        }
        assertNotNull(broker.newConnection());
    }
}
