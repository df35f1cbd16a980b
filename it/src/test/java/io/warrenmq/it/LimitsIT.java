package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectChannelError;
import static io.warrenmq.it.AmqpAssertions.expectConnectionError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import io.warrenmq.auth.Permissions;
import io.warrenmq.auth.User;
import io.warrenmq.auth.UserLimits;
import io.warrenmq.server.vhost.VhostLimits;
import io.warrenmq.server.vhost.VhostMetadata;
import io.warrenmq.server.vhost.VirtualHosts;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RabbitMQ's vhost limits ({@code max-connections}, {@code max-queues}) and user limits
 * ({@code max-connections}, {@code max-channels} in total across the user's connections), through
 * the Java client: the refusal codes and texts of rabbit_reader and rabbit_amqqueue, that freeing a
 * slot lets the next one in, that 0 allows none, and that the limits survive a restart.
 */
class LimitsIT {
    private static final String VHOST = "limited";
    private static final String USER = "lim";

    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    private VirtualHosts vhosts() {
        return broker.broker().vhosts();
    }

    @BeforeEach
    void setUp() {
        vhosts().create(VHOST, VhostMetadata.NONE);
        broker.broker().users().putUser(User.withPassword(USER, "lim-secret", List.of()));
        broker.broker().users().setPermissions(USER, VHOST, Permissions.FULL);
        broker.broker().users().setPermissions("guest", VHOST, Permissions.FULL);
    }

    @AfterEach
    void cleanUp() {
        vhosts().delete(VHOST);
        broker.broker().users().deleteUser(USER);
    }

    private ConnectionFactory factory(String user, String password) {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setVirtualHost(VHOST);
        factory.setUsername(user);
        factory.setPassword(password);
        return factory;
    }

    private Connection guest() throws Exception {
        return broker.newConnection(factory("guest", "guest"));
    }

    private Connection lim() throws Exception {
        return broker.newConnection(factory(USER, "lim-secret"));
    }

    private static AMQP.Connection.Close refusedAtOpen(ThrowingConnect connect) {
        IOException e = assertThrows(IOException.class, connect::connect);
        ShutdownSignalException signal = assertInstanceOf(ShutdownSignalException.class, e.getCause());
        return (AMQP.Connection.Close) signal.getReason();
    }

    @FunctionalInterface
    private interface ThrowingConnect {
        void connect() throws Exception;
    }

    private void setUserLimits(UserLimits limits) {
        User u = broker.broker().users().user(USER).orElseThrow();
        broker.broker().users().putUser(u.withLimits(limits));
    }

    @Test
    void vhostMaxConnectionsRefusesTheNextOpenWith530UntilOneCloses() throws Exception {
        vhosts().setLimits(VHOST, VhostLimits.NONE.withMaxConnections(2));
        Connection first = guest();
        guest();
        AMQP.Connection.Close close = refusedAtOpen(this::guest);
        assertEquals(530, close.getReplyCode());
        assertEquals("NOT_ALLOWED - access to vhost 'limited' refused for user 'guest': connection limit (2) is reached",
                close.getReplyText());
        // other vhosts are not affected
        assertTrue(broker.newConnection().isOpen());

        first.close();
        Await.until("the closed connection to leave the vhost's count", () -> vhosts().connectionCount(VHOST) == 1);
        assertTrue(guest().isOpen());
    }

    @Test
    void zeroMeansNoConnectionsAtAll() {
        vhosts().setLimits(VHOST, VhostLimits.NONE.withMaxConnections(0));
        AMQP.Connection.Close close = refusedAtOpen(this::guest);
        assertEquals(530, close.getReplyCode());
        assertTrue(close.getReplyText().endsWith("connection limit (0) is reached"), close.getReplyText());
    }

    @Test
    void userMaxConnectionsCountsTheUsersConnectionsInEveryVhost() throws Exception {
        setUserLimits(new UserLimits(1, -1));
        Connection first = lim();
        AMQP.Connection.Close close = refusedAtOpen(this::lim);
        assertEquals(530, close.getReplyCode());
        assertEquals("NOT_ALLOWED - Connection refused for user 'lim': user connection limit (1) is reached",
                close.getReplyText());
        // another user is not limited by lim's limit
        assertTrue(guest().isOpen());

        first.close();
        Await.until("lim's connection count to drop", () -> broker.broker().connectionLimits().connections(USER) == 0);
        assertTrue(lim().isOpen());
    }

    @Test
    void userMaxChannelsIsATotalAcrossConnectionsAndClosesTheConnectionThatExceedsIt() throws Exception {
        setUserLimits(new UserLimits(-1, 2));
        Connection a = lim();
        Connection b = lim();
        Channel onA = a.createChannel();
        assertNotNull(b.createChannel());
        AMQP.Connection.Close close = expectConnectionError(530, b, b::createChannel);
        assertEquals("NOT_ALLOWED - number of channels opened for user 'lim' has reached the maximum allowed user "
                + "limit of (2)", close.getReplyText());
        assertTrue(a.isOpen(), "the other connection stays open");

        // b's channel went with b; closing a's frees another slot
        onA.close();
        Await.until("lim's channels to be released", () -> broker.broker().connectionLimits().channels(USER) == 0);
        Connection c = lim();
        c.createChannel();
        assertNotNull(c.createChannel());
    }

    @Test
    void vhostMaxQueuesRefusesANewQueueWith406ButNotARedeclare() throws Exception {
        vhosts().setLimits(VHOST, VhostLimits.NONE.withMaxQueues(1));
        Channel ch = guest().createChannel();
        ch.queueDeclare("one", false, false, false, null);
        ch.queueDeclare("one", false, false, false, null); // the existing queue: not a new one
        AMQP.Channel.Close close = expectChannelError(406, () -> ch.queueDeclare("two", false, false, false, null));
        assertEquals("PRECONDITION_FAILED - cannot declare queue 'two': queue limit in vhost 'limited' (1) is reached",
                close.getReplyText());
        assertEquals(1, vhosts().get(VHOST).queues().size());

        Channel again = guest().createChannel();
        again.queueDelete("one");
        again.queueDeclare("two", false, false, false, null);
        assertEquals(1, vhosts().get(VHOST).queues().size());
    }

    @Test
    void limitsSurviveARestart() throws Exception {
        vhosts().setLimits(VHOST, new VhostLimits(3, 0));
        setUserLimits(new UserLimits(5, 7));
        broker.restart();

        assertEquals(new VhostLimits(3, 0), vhosts().limits(VHOST));
        assertEquals(new UserLimits(5, 7), broker.broker().users().user(USER).orElseThrow().limits());
        Channel ch = guest().createChannel();
        expectChannelError(406, () -> ch.queueDeclare("none-allowed", true, false, false, null));
    }
}
