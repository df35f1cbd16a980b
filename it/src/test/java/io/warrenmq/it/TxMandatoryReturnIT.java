package io.warrenmq.it;

import static io.warrenmq.it.EmbeddedBroker.uniqueName;
import static io.warrenmq.it.Messages.text;
import static io.warrenmq.it.Messages.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Return;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A mandatory publish inside a transaction (tx.select) that no queue takes: RabbitMQ routes it when
 * it arrives but keeps it with the transaction's other publishes (rabbit_channel, {@code tx = {Msgs,
 * Acks}}), and only tx.commit delivers them, returning the unroutable ones; tx.rollback drops them,
 * returns included.
 *
 * <p>The Java client hands a basic.return to the return listeners on its connection thread before
 * it reads the next frame, so once a synchronous call on the same channel has come back, every
 * return the broker sent before that reply has been seen: "no return yet" is checked that way, not
 * by waiting.
 */
class TxMandatoryReturnIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    private static List<Return> collectReturns(Channel channel) {
        List<Return> returns = new CopyOnWriteArrayList<>();
        channel.addReturnListener(returns::add);
        return returns;
    }

    /** A round trip on the channel: any return sent before its reply has reached the listeners. */
    private static void roundTrip(Channel channel) throws Exception {
        channel.basicQos(0);
    }

    private static List<String> bodies(List<Return> returns) {
        return returns.stream().map(r -> text(r.getBody())).toList();
    }

    @Test
    void theReturnIsSentAtCommitNotAtPublish() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = uniqueName("tx-nowhere");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT);
        List<Return> returns = collectReturns(channel);
        channel.txSelect();

        channel.basicPublish(exchange, "no.binding", true, null, utf8("unroutable"));
        roundTrip(channel);
        assertEquals(List.of(), bodies(returns), "returned before tx.commit");

        channel.txCommit();
        // commit-ok comes after the return, and the client reads frames in order
        assertEquals(List.of("unroutable"), bodies(returns));
        Return returned = returns.get(0);
        assertEquals(AMQP.NO_ROUTE, returned.getReplyCode());
        assertEquals("NO_ROUTE", returned.getReplyText());
        assertEquals(exchange, returned.getExchange());
        assertEquals("no.binding", returned.getRoutingKey());
    }

    @Test
    void aRolledBackPublishIsNeverReturned() throws Exception {
        Channel channel = broker.newChannel();
        List<Return> returns = collectReturns(channel);
        channel.txSelect();

        channel.basicPublish("", uniqueName("no-such-queue"), true, null, utf8("rolled back"));
        channel.txRollback();
        // the next transaction commits something returnable, so its return proves the old one is gone
        channel.basicPublish("", uniqueName("no-such-queue"), true, null, utf8("committed"));
        channel.txCommit();
        roundTrip(channel);

        assertEquals(List.of("committed"), bodies(returns));
    }

    /** One transaction's publishes: the routable ones reach their queue, the others come back; all at commit. */
    @Test
    void routableAndUnroutablePublishesOfOneTransactionAllTakeEffectAtCommit() throws Exception {
        Channel channel = broker.newChannel();
        String queue = channel.queueDeclare().getQueue();
        List<Return> returns = collectReturns(channel);
        channel.txSelect();

        channel.basicPublish("", "nobody-" + queue, true, null, utf8("first lost"));
        channel.basicPublish("", queue, true, null, utf8("kept"));
        channel.basicPublish("", "nobody-" + queue, true, null, utf8("second lost"));
        roundTrip(channel);
        assertEquals(List.of(), bodies(returns), "returned before tx.commit");
        assertEquals(0, channel.queueDeclarePassive(queue).getMessageCount(), "enqueued before tx.commit");

        channel.txCommit();
        assertEquals(List.of("first lost", "second lost"), bodies(returns));
        assertEquals(List.of("kept"), Messages.drain(channel, queue));
    }

    /** Without mandatory, an unroutable transactional publish is dropped at commit with no return. */
    @Test
    void aNonMandatoryUnroutablePublishIsDroppedSilentlyAtCommit() throws Exception {
        Channel channel = broker.newChannel();
        List<Return> returns = collectReturns(channel);
        channel.txSelect();

        channel.basicPublish("", uniqueName("no-such-queue"), false, null, utf8("dropped"));
        channel.basicPublish("", uniqueName("no-such-queue"), true, null, utf8("marker"));
        channel.txCommit();

        assertEquals(List.of("marker"), bodies(returns));
    }
}
