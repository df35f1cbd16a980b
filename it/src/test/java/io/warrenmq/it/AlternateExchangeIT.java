package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RabbitMQ's alternate exchanges (https://www.rabbitmq.com/docs/ae): a message its exchange
 * cannot route goes to the exchange named by the {@code alternate-exchange} argument, and a
 * mandatory message routed that way is not returned. As in {@code rabbit_exchange:route}, the rule
 * holds at every exchange on the walk: one reached over an exchange-to-exchange binding that
 * routes the message nowhere uses its own alternate, and an exchange that routed the message to
 * another exchange does not use its alternate even if nothing behind it took the message.
 */
class AlternateExchangeIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    @Test
    void unroutableMessagesGoToTheAlternateExchangeAndRoutableOnesDoNot() throws Exception {
        Channel channel = broker.newChannel();
        String ae = EmbeddedBroker.uniqueName("ae");
        channel.exchangeDeclare(ae, "fanout", false, true, null);
        String unrouted = channel.queueDeclare().getQueue();
        channel.queueBind(unrouted, ae, "");
        String main = EmbeddedBroker.uniqueName("main");
        channel.exchangeDeclare(main, "direct", false, true, Map.of("alternate-exchange", ae));
        String routed = channel.queueDeclare().getQueue();
        channel.queueBind(routed, main, "known");
        AtomicInteger returns = new AtomicInteger();
        channel.addReturnListener(r -> returns.incrementAndGet());
        channel.confirmSelect();

        channel.basicPublish(main, "known", true, null, "a".getBytes(StandardCharsets.UTF_8));
        channel.basicPublish(main, "unknown", true, null, "b".getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(30_000);

        GetResponse fromMain = channel.basicGet(routed, true);
        GetResponse fromAe = channel.basicGet(unrouted, true);
        assertEquals("a", new String(fromMain.getBody(), StandardCharsets.UTF_8));
        assertEquals("b", new String(fromAe.getBody(), StandardCharsets.UTF_8));
        assertEquals(main, fromAe.getEnvelope().getExchange(), "the original exchange is kept");
        assertEquals(0, channel.queueDeclarePassive(routed).getMessageCount()
                + channel.queueDeclarePassive(unrouted).getMessageCount());
        assertEquals(0, returns.get(), "a message the alternate exchange routed is not returned");
    }

    @Test
    void aMessageNeitherExchangeRoutesIsStillReturned() throws Exception {
        Channel channel = broker.newChannel();
        String ae = EmbeddedBroker.uniqueName("ae-empty");
        channel.exchangeDeclare(ae, "direct", false, true, null);
        String main = EmbeddedBroker.uniqueName("main2");
        channel.exchangeDeclare(main, "direct", false, true, Map.of("alternate-exchange", ae));
        AtomicInteger returns = new AtomicInteger();
        channel.addReturnListener(r -> returns.incrementAndGet());
        channel.confirmSelect();
        channel.basicPublish(main, "nowhere", true, null, "x".getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(30_000);
        assertTrue(returns.get() == 1, "returned: " + returns.get());
    }

    @Test
    void anExchangeReachedOverABindingUsesItsOwnAlternate() throws Exception {
        Channel channel = broker.newChannel();
        String ae = EmbeddedBroker.uniqueName("ae-inner");
        channel.exchangeDeclare(ae, "fanout", false, true, null);
        String caught = channel.queueDeclare().getQueue();
        channel.queueBind(caught, ae, "");
        String inner = EmbeddedBroker.uniqueName("inner");
        channel.exchangeDeclare(inner, "direct", false, true, Map.of("alternate-exchange", ae));
        String outer = EmbeddedBroker.uniqueName("outer");
        channel.exchangeDeclare(outer, "fanout", false, true, null);
        channel.exchangeBind(inner, outer, "");
        String direct = channel.queueDeclare().getQueue();
        channel.queueBind(direct, outer, "");
        channel.confirmSelect();

        channel.basicPublish(outer, "unbound-key", null, "x".getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(30_000);

        assertEquals(1, channel.queueDeclarePassive(direct).getMessageCount(), "the outer exchange's queue");
        assertEquals(1, channel.queueDeclarePassive(caught).getMessageCount(), "the inner exchange's alternate");
    }

    @Test
    void anExchangeThatRoutedToAnotherExchangeDoesNotUseItsAlternate() throws Exception {
        Channel channel = broker.newChannel();
        String ae = EmbeddedBroker.uniqueName("ae-outer");
        channel.exchangeDeclare(ae, "fanout", false, true, null);
        String caught = channel.queueDeclare().getQueue();
        channel.queueBind(caught, ae, "");
        String outer = EmbeddedBroker.uniqueName("outer2");
        channel.exchangeDeclare(outer, "direct", false, true, Map.of("alternate-exchange", ae));
        String inner = EmbeddedBroker.uniqueName("inner2");
        channel.exchangeDeclare(inner, "direct", false, true, null);
        channel.exchangeBind(inner, outer, "k");
        AtomicInteger returns = new AtomicInteger();
        channel.addReturnListener(r -> returns.incrementAndGet());
        channel.confirmSelect();

        channel.basicPublish(outer, "k", true, null, "x".getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(30_000);

        assertEquals(0, channel.queueDeclarePassive(caught).getMessageCount(), "outer routed to inner: no alternate");
        assertEquals(1, returns.get(), "unroutable, so returned");
    }
}
