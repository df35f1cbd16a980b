package io.warrenmq.it;

import static io.warrenmq.it.EmbeddedBroker.uniqueName;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An exchange declared auto-delete is deleted when its last binding as a source goes, however it
 * goes: queue.unbind, exchange.unbind, or the deletion of the bound queue or destination exchange
 * (rabbit_exchange:maybe_auto_delete, run for the source of every removed binding). One that never
 * had a binding stays, and so does one that still has a binding.
 *
 * <p>Each removal is answered (unbind-ok, delete-ok) after the exchange is gone, so the checks right
 * after it need no waiting; only the connection-close case waits.
 */
class AutoDeleteExchangeIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    private static boolean exchangeExists(String exchange) throws Exception {
        Channel probe = broker.newChannel();
        try {
            probe.exchangeDeclarePassive(exchange);
            return true;
        } catch (IOException notFound) {
            return false;
        }
    }

    private static String autoDeleteExchange(Channel channel, String prefix) throws IOException {
        String exchange = uniqueName(prefix);
        channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT, false, true, null);
        return exchange;
    }

    @Test
    void anAutoDeleteExchangeThatNeverHadABindingStays() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = autoDeleteExchange(channel, "never-bound");
        String queue = channel.queueDeclare().getQueue();
        channel.queueDelete(queue); // unrelated topology changes do not touch it
        assertTrue(exchangeExists(exchange));
    }

    @Test
    void queueUnbindOfTheLastBindingDeletesIt() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = autoDeleteExchange(channel, "ad-unbind");
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, exchange, "k");
        channel.queueUnbind(queue, exchange, "k");
        assertFalse(exchangeExists(exchange));
    }

    @Test
    void exchangeUnbindOfTheLastBindingDeletesIt() throws Exception {
        Channel channel = broker.newChannel();
        String source = autoDeleteExchange(channel, "ad-e2e-source");
        String destination = uniqueName("ad-e2e-destination");
        channel.exchangeDeclare(destination, BuiltinExchangeType.FANOUT);
        channel.exchangeBind(destination, source, "k");
        channel.exchangeUnbind(destination, source, "k");
        assertFalse(exchangeExists(source));
        assertTrue(exchangeExists(destination), "only the source is auto-deleted");
    }

    @Test
    void deletingTheBoundQueueDeletesIt() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = autoDeleteExchange(channel, "ad-queue-gone");
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, exchange, "a");
        channel.queueBind(queue, exchange, "b");
        channel.queueDelete(queue);
        assertFalse(exchangeExists(exchange));
    }

    @Test
    void deletingTheDestinationExchangeDeletesIt() throws Exception {
        Channel channel = broker.newChannel();
        String source = autoDeleteExchange(channel, "ad-dest-gone");
        String destination = uniqueName("ad-dest");
        channel.exchangeDeclare(destination, BuiltinExchangeType.FANOUT);
        channel.exchangeBind(destination, source, "k");
        channel.exchangeDelete(destination);
        assertFalse(exchangeExists(source));
    }

    /** Its bound queue going because its connection closed (an exclusive queue) counts too. */
    @Test
    void theBoundQueueGoingWithItsConnectionDeletesIt() throws Exception {
        Channel admin = broker.newChannel();
        String exchange = autoDeleteExchange(admin, "ad-exclusive");
        Connection owner = broker.newConnection();
        Channel ownerChannel = owner.createChannel();
        String queue = ownerChannel.queueDeclare("", false, true, false, null).getQueue();
        ownerChannel.queueBind(queue, exchange, "k");
        owner.close();
        Await.until("auto-delete exchange '" + exchange + "' to go with the exclusive queue",
                () -> !exchangeExists(exchange));
    }

    /** Many bindings removed one at a time, by every route: deleted exactly when the last one goes. */
    @Test
    void withManyBindingsItGoesExactlyWithTheLastOne() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = autoDeleteExchange(channel, "ad-many");
        String q1 = channel.queueDeclare().getQueue();
        String q2 = channel.queueDeclare().getQueue();
        String q3 = channel.queueDeclare().getQueue();
        String e2e = uniqueName("ad-many-destination");
        channel.exchangeDeclare(e2e, BuiltinExchangeType.FANOUT);
        channel.queueBind(q1, exchange, "a");
        channel.queueBind(q1, exchange, "b");
        channel.queueBind(q2, exchange, "a");
        channel.queueBind(q3, exchange, "c");
        channel.exchangeBind(e2e, exchange, "d");

        channel.queueUnbind(q1, exchange, "a");
        assertTrue(exchangeExists(exchange), "4 bindings left");
        channel.queueUnbind(q1, exchange, "a"); // removes nothing: must not count
        assertTrue(exchangeExists(exchange), "still 4 bindings left");
        channel.queueDelete(q1);
        assertTrue(exchangeExists(exchange), "3 bindings left");
        channel.exchangeUnbind(e2e, exchange, "d");
        assertTrue(exchangeExists(exchange), "2 bindings left");
        channel.queueDelete(q2);
        assertTrue(exchangeExists(exchange), "1 binding left");
        channel.queueUnbind(q3, exchange, "c");
        assertFalse(exchangeExists(exchange), "the last binding went");
    }

    /** An unbind that removes nothing never deletes an auto-delete exchange, even one without bindings. */
    @Test
    void anUnbindThatRemovesNothingLeavesItAlone() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = autoDeleteExchange(channel, "ad-noop");
        String queue = channel.queueDeclare().getQueue();
        channel.queueUnbind(queue, exchange, "never-bound");
        assertTrue(exchangeExists(exchange));
    }

    /** Deleting an auto-delete exchange cascades: its own auto-delete source loses its last binding. */
    @Test
    void theDeletionCascadesToAnAutoDeleteSourceOfIt() throws Exception {
        Channel channel = broker.newChannel();
        String upstream = autoDeleteExchange(channel, "ad-upstream");
        String middle = autoDeleteExchange(channel, "ad-middle");
        String queue = channel.queueDeclare().getQueue();
        channel.exchangeBind(middle, upstream, "k");
        channel.queueBind(queue, middle, "k");
        channel.queueUnbind(queue, middle, "k");
        assertFalse(exchangeExists(middle));
        assertFalse(exchangeExists(upstream), "its binding to the deleted exchange was its last");
    }

    /** A durable auto-delete exchange deleted this way stays deleted across a restart. */
    @Test
    void aDeletedDurableAutoDeleteExchangeDoesNotComeBackAfterARestart() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = uniqueName("ad-durable");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT, true, true, null);
        String queue = channel.queueDeclare().getQueue(); // transient: the binding itself is never stored
        channel.queueBind(queue, exchange, "k");
        channel.queueUnbind(queue, exchange, "k");
        assertFalse(exchangeExists(exchange));

        broker.restart();
        assertFalse(exchangeExists(exchange), "came back from the definitions after a restart");
    }
}
