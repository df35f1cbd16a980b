package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectChannelError;
import static io.warrenmq.it.EmbeddedBroker.uniqueName;
import static io.warrenmq.it.Messages.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import io.warrenmq.auth.Permissions;
import io.warrenmq.auth.User;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * queue.unbind and exchange.unbind are idempotent since RabbitMQ 3.10 (rabbit_db_binding:delete:
 * a missing binding, or a missing source or destination, is {@code ok}): unbinding what is not
 * bound answers unbind-ok and leaves the channel open. What comes before the lookup still applies:
 * the permission checks (write on the destination, read on the source, in that order) and the
 * refusal of the default exchange.
 */
class UnbindIdempotenceIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    /** The channel answered and is still usable (a failed unbind would have closed it). */
    private static void assertStillOpen(Channel channel) throws Exception {
        assertTrue(channel.isOpen());
        channel.basicQos(0);
    }

    @Test
    void queueUnbindOfABindingThatDoesNotExistIsOk() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = uniqueName("unbind-x");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT);
        String queue = channel.queueDeclare().getQueue();

        channel.queueUnbind(queue, exchange, "never-bound");
        assertStillOpen(channel);
    }

    @Test
    void queueUnbindTwiceRemovesTheBindingOnceAndIsOkBothTimes() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = uniqueName("unbind-twice");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT);
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, exchange, "k");

        channel.queueUnbind(queue, exchange, "k");
        channel.queueUnbind(queue, exchange, "k");
        assertStillOpen(channel);
        channel.basicPublish(exchange, "k", null, utf8("after unbind"));
        assertEquals(List.of(), Messages.routedBodies(channel, queue), "the binding is gone");
    }

    @Test
    void queueUnbindWithAMissingQueueIsOk() throws Exception {
        Channel channel = broker.newChannel();
        channel.queueUnbind(uniqueName("no-such-queue"), "amq.direct", "k");
        assertStillOpen(channel);
    }

    @Test
    void queueUnbindWithAMissingExchangeIsOk() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        channel.queueUnbind(queue, uniqueName("no-such-exchange"), "k");
        assertStillOpen(channel);
    }

    @Test
    void queueUnbindWithBothMissingIsOk() throws Exception {
        Channel channel = broker.newChannel();
        channel.queueUnbind(uniqueName("no-such-queue"), uniqueName("no-such-exchange"), "k");
        assertStillOpen(channel);
    }

    @Test
    void exchangeUnbindOfABindingThatDoesNotExistIsOk() throws Exception {
        Channel channel = broker.newChannel();
        String source = uniqueName("e-unbind-source");
        String destination = uniqueName("e-unbind-destination");
        channel.exchangeDeclare(source, BuiltinExchangeType.DIRECT);
        channel.exchangeDeclare(destination, BuiltinExchangeType.FANOUT);

        channel.exchangeUnbind(destination, source, "never-bound");
        assertStillOpen(channel);
    }

    @Test
    void exchangeUnbindWithMissingExchangesIsOk() throws Exception {
        Channel channel = broker.newChannel();
        String existing = uniqueName("e-unbind-existing");
        channel.exchangeDeclare(existing, BuiltinExchangeType.FANOUT);

        channel.exchangeUnbind(existing, uniqueName("no-such-source"), "k");
        channel.exchangeUnbind(uniqueName("no-such-destination"), existing, "k");
        channel.exchangeUnbind(uniqueName("no-such-destination"), uniqueName("no-such-source"), "k");
        assertStillOpen(channel);
    }

    @Test
    void theDefaultExchangeIsStillRefused() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        AMQP.Channel.Close close = expectChannelError(AMQP.ACCESS_REFUSED, () -> channel.queueUnbind(queue, "", queue));
        assertEquals("ACCESS_REFUSED - operation not permitted on the default exchange", close.getReplyText());

        Channel other = broker.newChannel();
        close = expectChannelError(AMQP.ACCESS_REFUSED, () -> other.exchangeUnbind("amq.fanout", "", "k"));
        assertEquals("ACCESS_REFUSED - operation not permitted on the default exchange", close.getReplyText());
    }

    /** A missing queue or exchange does not skip the permission checks, which come first. */
    @Test
    void permissionsAreCheckedBeforeAnythingIsLookedUp() throws Exception {
        UserDatabaseAccess.withUser("una", Permissions.of(".*", "^ok-", "^ok-"), channel -> {
            AMQP.Channel.Close close = expectChannelError(AMQP.ACCESS_REFUSED,
                    () -> channel.get().queueUnbind("nope-queue", "ok-exchange", "k"));
            assertEquals("ACCESS_REFUSED - write access to queue 'nope-queue' in vhost '/' refused for user 'una'",
                    close.getReplyText());
            close = expectChannelError(AMQP.ACCESS_REFUSED,
                    () -> channel.get().queueUnbind("ok-queue", "nope-exchange", "k"));
            assertEquals("ACCESS_REFUSED - read access to exchange 'nope-exchange' in vhost '/' refused for user 'una'",
                    close.getReplyText());
            close = expectChannelError(AMQP.ACCESS_REFUSED,
                    () -> channel.get().exchangeUnbind("nope-destination", "ok-source", "k"));
            assertEquals("ACCESS_REFUSED - write access to exchange 'nope-destination' in vhost '/' refused for "
                    + "user 'una'", close.getReplyText());
            // allowed, and missing: ok
            Channel allowed = channel.get();
            allowed.queueUnbind("ok-queue", "ok-exchange", "k");
            allowed.exchangeUnbind("ok-destination", "ok-source", "k");
            assertStillOpen(allowed);
        });
    }

    /** A user of the broker with the given permissions on "/", removed afterwards. */
    private static final class UserDatabaseAccess {
        interface Body {
            void run(ChannelSupplier channel) throws Exception;
        }

        interface ChannelSupplier {
            Channel get() throws Exception;
        }

        static void withUser(String name, Permissions permissions, Body body) throws Exception {
            broker.broker().users().putUser(User.withPassword(name, name + "-pw", List.of()));
            broker.broker().users().setPermissions(name, "/", permissions);
            try {
                ConnectionFactory factory = broker.connectionFactory();
                factory.setUsername(name);
                factory.setPassword(name + "-pw");
                var connection = broker.newConnection(factory);
                body.run(connection::createChannel);
            } finally {
                broker.broker().users().deleteUser(name);
            }
        }
    }
}
