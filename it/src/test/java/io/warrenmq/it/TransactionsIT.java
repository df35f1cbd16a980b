package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectChannelError;
import static io.warrenmq.it.Messages.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The tx class (AMQP 0-9-1 §1.9): "Publish and Ack operations are not applied until commit";
 * rollback abandons them. RabbitMQ answers tx.commit / tx.rollback on a non-transactional channel
 * with PRECONDITION_FAILED "channel is not transactional".
 */
class TransactionsIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    /** Publishes in a transaction reach the queue only at tx.commit. */
    @Test
    void publishesBecomeVisibleOnlyOnCommit() throws Exception {
        Connection connection = broker.newConnection();
        Channel observer = connection.createChannel();
        String queue = observer.queueDeclare().getQueue();
        Channel channel = connection.createChannel();
        channel.txSelect();
        channel.basicPublish("", queue, null, utf8("t0"));
        channel.basicPublish("", queue, null, utf8("t1"));
        assertEquals(List.of(), Messages.routedBodies(observer, queue), "uncommitted publishes must not be routed");

        channel.txCommit();
        assertEquals(List.of("t0", "t1"), Messages.routedBodies(observer, queue));
    }

    /** tx.rollback discards the publishes of the transaction. */
    @Test
    void rollbackDiscardsPublishes() throws Exception {
        Connection connection = broker.newConnection();
        Channel observer = connection.createChannel();
        String queue = observer.queueDeclare().getQueue();
        Channel channel = connection.createChannel();
        channel.txSelect();
        channel.basicPublish("", queue, null, utf8("discarded"));
        channel.txRollback();
        channel.basicPublish("", queue, null, utf8("kept"));
        channel.txCommit();
        assertEquals(List.of("kept"), Messages.routedBodies(observer, queue));
    }

    /** Acks in a transaction take effect at commit; rolled-back acks leave the message unacked. */
    @Test
    void acksApplyOnlyOnCommit() throws Exception {
        Connection connection = broker.newConnection();
        String queue = AckIT.queueWith(connection, "a0", "a1");
        Channel channel = connection.createChannel();
        channel.txSelect();
        List<Long> tags = AckIT.getAll(channel, queue, 2);
        channel.basicAck(tags.get(0), false);
        channel.txCommit();
        channel.basicAck(tags.get(1), false);
        channel.txRollback();
        channel.close();

        assertEquals(List.of("a1"), AckIT.requeuedAfterClose(connection, queue, 1));
    }

    /**
     * A reject (requeue=false) inside a transaction dead-letters the message at commit, as a
     * reject outside one does; before commit, and after a rollback, nothing is dead-lettered.
     */
    @Test
    void rejectsDeadLetterAtCommit() throws Exception {
        Connection connection = broker.newConnection();
        Channel setup = connection.createChannel();
        String dlx = EmbeddedBroker.uniqueName("tx-dlx");
        setup.exchangeDeclare(dlx, "fanout", false, true, null);
        String dead = setup.queueDeclare().getQueue();
        setup.queueBind(dead, dlx, "");
        String queue = setup.queueDeclare(EmbeddedBroker.uniqueName("tx-src"), false, true, false,
                java.util.Map.of("x-dead-letter-exchange", dlx)).getQueue();
        setup.basicPublish("", queue, null, utf8("r0"));
        setup.basicPublish("", queue, null, utf8("r1"));
        Channel channel = connection.createChannel();
        channel.txSelect();
        List<Long> tags = AckIT.getAll(channel, queue, 2);

        channel.basicReject(tags.get(0), false);
        assertEquals(0, setup.queueDeclarePassive(dead).getMessageCount(), "nothing dead-lettered before commit");
        channel.txCommit();
        channel.basicNack(tags.get(1), false, false);
        channel.txRollback();

        Await.until("r0 dead-lettered", () -> setup.messageCount(dead) == 1);
        assertEquals(List.of("r0"), Messages.routedBodies(setup, dead));
        channel.close();
        assertEquals(List.of("r1"), AckIT.requeuedAfterClose(connection, queue, 1));
    }

    /** tx.commit without tx.select: PRECONDITION_FAILED "channel is not transactional". */
    @Test
    void commitOnANonTransactionalChannelIsPreconditionFailed() throws Exception {
        Channel channel = broker.newChannel();
        expectChannelError(AMQP.PRECONDITION_FAILED, channel::txCommit);
    }

    /** tx.rollback without tx.select: PRECONDITION_FAILED "channel is not transactional". */
    @Test
    void rollbackOnANonTransactionalChannelIsPreconditionFailed() throws Exception {
        Channel channel = broker.newChannel();
        expectChannelError(AMQP.PRECONDITION_FAILED, channel::txRollback);
    }
}
