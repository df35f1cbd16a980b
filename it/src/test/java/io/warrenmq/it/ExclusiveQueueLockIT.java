package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectChannelError;
import static io.warrenmq.it.EmbeddedBroker.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An exclusive queue belongs to the connection that declared it: every use from another connection
 * is 405 RESOURCE_LOCKED with RabbitMQ's text (rabbit_amqqueue:check_exclusive_access), never a 406.
 * A redeclare is checked "strictly": an exclusive flag that differs from the queue's is 405 as well,
 * even on the owning connection.
 */
class ExclusiveQueueLockIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    private interface ChannelAction {
        void run(Channel channel) throws IOException;
    }

    private static String lockedText(String queue) {
        return "RESOURCE_LOCKED - cannot obtain exclusive access to locked queue '" + queue + "' in vhost '/'. It "
                + "could be originally declared on another connection or the exclusive property value does not "
                + "match that of the original declaration.";
    }

    private static void expectLocked(Connection connection, String queue, String what, ChannelAction action)
            throws IOException {
        Channel channel = connection.createChannel();
        AMQP.Channel.Close close;
        try {
            close = expectChannelError(AMQP.RESOURCE_LOCKED, () -> action.run(channel));
        } catch (AssertionError e) {
            throw new AssertionError(what + ": " + e.getMessage(), e);
        }
        assertEquals(lockedText(queue), close.getReplyText(), what);
    }

    @Test
    void everyUseFromAnotherConnectionIsResourceLocked() throws Exception {
        Connection owner = broker.newConnection();
        Channel ownerChannel = owner.createChannel();
        String queue = uniqueName("locked");
        ownerChannel.queueDeclare(queue, false, true, false, null);
        ownerChannel.queueBind(queue, "amq.direct", "bound");

        Connection other = broker.newConnection();
        expectLocked(other, queue, "declare", ch -> ch.queueDeclare(queue, false, false, false, null));
        expectLocked(other, queue, "exclusive declare", ch -> ch.queueDeclare(queue, false, true, false, null));
        expectLocked(other, queue, "passive declare", ch -> ch.queueDeclarePassive(queue));
        expectLocked(other, queue, "delete", ch -> ch.queueDelete(queue));
        expectLocked(other, queue, "bind", ch -> ch.queueBind(queue, "amq.fanout", ""));
        expectLocked(other, queue, "unbind", ch -> ch.queueUnbind(queue, "amq.direct", "bound"));
        expectLocked(other, queue, "purge", ch -> ch.queuePurge(queue));
        expectLocked(other, queue, "get", ch -> ch.basicGet(queue, true));
        expectLocked(other, queue, "consume", ch -> ch.basicConsume(queue, true, new CollectingConsumer(ch)));

        // nothing of it changed: the owner still has its queue and its binding
        assertEquals(queue, ownerChannel.queueDeclarePassive(queue).getQueue());
        ownerChannel.basicPublish("amq.direct", "bound", null, Messages.utf8("still bound"));
        assertEquals("still bound", Messages.text(Messages.getEventually(ownerChannel, queue, true).getBody()));
    }

    /** The owner redeclaring its exclusive queue without the exclusive flag: 405, not 406. */
    @Test
    void theOwnerRedeclaringItWithoutExclusiveIsResourceLocked() throws Exception {
        Connection owner = broker.newConnection();
        String queue = uniqueName("mine-strict");
        owner.createChannel().queueDeclare(queue, false, true, false, null);
        expectLocked(owner, queue, "non-exclusive redeclare by the owner",
                ch -> ch.queueDeclare(queue, false, false, false, null));
        owner.createChannel().queueDeclare(queue, false, true, false, null); // the same flags are fine
    }

    /** A shared queue redeclared as exclusive, by any connection: 405. */
    @Test
    void redeclaringASharedQueueAsExclusiveIsResourceLocked() throws Exception {
        Connection connection = broker.newConnection();
        String queue = uniqueName("shared");
        connection.createChannel().queueDeclare(queue, false, false, false, null);
        expectLocked(connection, queue, "exclusive redeclare of a shared queue",
                ch -> ch.queueDeclare(queue, false, true, false, null));
        expectLocked(broker.newConnection(), queue, "exclusive redeclare from another connection",
                ch -> ch.queueDeclare(queue, false, true, false, null));
        connection.createChannel().queueDelete(queue);
    }

    /** The owner's other channels may use it in every way. */
    @Test
    void theOwnersChannelsMayUseIt() throws Exception {
        Connection owner = broker.newConnection();
        String queue = uniqueName("mine-shared-channels");
        owner.createChannel().queueDeclare(queue, false, true, false, null);
        Channel sibling = owner.createChannel();
        sibling.queueDeclarePassive(queue);
        sibling.queueBind(queue, "amq.direct", "k");
        sibling.queueUnbind(queue, "amq.direct", "k");
        sibling.queuePurge(queue);
        sibling.basicGet(queue, true);
        sibling.basicCancel(sibling.basicConsume(queue, true, new CollectingConsumer(sibling)));
        sibling.queueDelete(queue);
    }

    /**
     * As in RabbitMQ, exclusive access is checked when a binding is really removed: unbinding what
     * is not bound answers unbind-ok, whoever owns the queue.
     */
    @Test
    void unbindingWhatIsNotBoundIsOkEvenForAnotherConnectionsQueue() throws Exception {
        Connection owner = broker.newConnection();
        String queue = uniqueName("mine-unbound");
        owner.createChannel().queueDeclare(queue, false, true, false, null);
        Channel other = broker.newConnection().createChannel();
        other.queueUnbind(queue, "amq.direct", "never-bound");
        other.basicQos(0); // still open
    }
}
