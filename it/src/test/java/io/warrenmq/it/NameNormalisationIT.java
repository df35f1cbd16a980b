package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectChannelError;
import static io.warrenmq.it.EmbeddedBroker.uniqueName;
import static io.warrenmq.it.Messages.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RabbitMQ strips every LF and CR from exchange and queue names (rabbit_channel:strip_cr_lf) in
 * exchange.declare (passive too), exchange.delete, exchange.bind/unbind, queue.declare (passive
 * too), queue.delete and queue.bind/unbind, so "a\nb" and "ab" are one object. It does not in
 * basic.publish (exchange), basic.consume, basic.get and queue.purge (qbin_to_resource uses the name
 * as sent), and never in routing keys; those are checked here too.
 */
class NameNormalisationIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    /** "pre\nfix-N" for a unique "prefix-N". */
    private static String[] dirtyAndClean(String prefix) {
        String clean = uniqueName(prefix);
        String dirty = clean.substring(0, 2) + "\r\n" + clean.substring(2, 3) + "\n" + clean.substring(3) + "\r";
        return new String[] {dirty, clean};
    }

    @Test
    void queueDeclareStripsTheNameAndDeclareOkCarriesTheStrippedName() throws Exception {
        Channel channel = broker.newChannel();
        String[] names = dirtyAndClean("nq");
        AMQP.Queue.DeclareOk ok = channel.queueDeclare(names[0], false, false, false, null);
        assertEquals(names[1], ok.getQueue());

        Messages.sendToQueue(channel, names[1], "m");
        Messages.awaitReady(channel, names[1], 1);
        assertEquals(1, channel.queueDeclarePassive(names[0]).getMessageCount(), "passive declare, dirty name");
        assertEquals(1, channel.queueDeclare(names[0], false, false, false, null).getMessageCount(),
                "redeclare with the dirty name is the same queue");
        assertEquals(names[1], channel.queueDeclarePassive(names[1]).getQueue());
    }

    @Test
    void queueDeleteStripsTheName() throws Exception {
        Channel channel = broker.newChannel();
        String[] names = dirtyAndClean("nqd");
        channel.queueDeclare(names[1], false, false, false, null);
        channel.queueDelete(names[0]);
        expectChannelError(AMQP.NOT_FOUND, () -> channel.queueDeclarePassive(names[1]));
    }

    @Test
    void exchangeDeclareAndDeleteStripTheName() throws Exception {
        Channel channel = broker.newChannel();
        String[] names = dirtyAndClean("nx");
        channel.exchangeDeclare(names[0], BuiltinExchangeType.FANOUT);
        channel.exchangeDeclarePassive(names[1]);
        channel.exchangeDeclarePassive(names[0]);
        channel.exchangeDelete(names[0]);
        expectChannelError(AMQP.NOT_FOUND, () -> channel.exchangeDeclarePassive(names[1]));
    }

    @Test
    void bindAndUnbindStripBothNames() throws Exception {
        Channel channel = broker.newChannel();
        String[] exchange = dirtyAndClean("nbx");
        String[] queue = dirtyAndClean("nbq");
        channel.exchangeDeclare(exchange[1], BuiltinExchangeType.DIRECT);
        channel.queueDeclare(queue[1], false, false, true, null);

        channel.queueBind(queue[0], exchange[0], "k");
        channel.basicPublish(exchange[1], "k", null, utf8("bound"));
        assertEquals(List.of("bound"), Messages.routedBodies(channel, queue[1]));

        channel.queueUnbind(queue[0], exchange[0], "k");
        channel.basicPublish(exchange[1], "k", null, utf8("unbound"));
        assertEquals(List.of(), Messages.routedBodies(channel, queue[1]), "the dirty unbind removed the binding");
    }

    @Test
    void exchangeBindAndUnbindStripBothNames() throws Exception {
        Channel channel = broker.newChannel();
        String[] source = dirtyAndClean("nes");
        String[] destination = dirtyAndClean("ned");
        channel.exchangeDeclare(source[1], BuiltinExchangeType.FANOUT);
        channel.exchangeDeclare(destination[1], BuiltinExchangeType.FANOUT);
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, destination[1], "");

        channel.exchangeBind(destination[0], source[0], "");
        channel.basicPublish(source[1], "", null, utf8("through"));
        assertEquals(List.of("through"), Messages.routedBodies(channel, queue));

        channel.exchangeUnbind(destination[0], source[0], "");
        channel.basicPublish(source[1], "", null, utf8("stopped"));
        assertEquals(List.of(), Messages.routedBodies(channel, queue));
    }

    /** Routing keys are taken as sent: a binding key with an LF matches only that key. */
    @Test
    void routingKeysAreNotStripped() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = uniqueName("nrk");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT);
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, exchange, "a\nb");

        channel.basicPublish(exchange, "ab", null, utf8("stripped key"));
        channel.basicPublish(exchange, "a\nb", null, utf8("exact key"));
        assertEquals(List.of("exact key"), Messages.routedBodies(channel, queue));

        // the default exchange routes by the routing key as sent, too
        channel.basicPublish("", queue + "\n", null, utf8("dirty queue key"));
        assertEquals(List.of(), Messages.routedBodies(channel, queue));
    }

    /** As in RabbitMQ, the names of basic.publish, basic.get, basic.consume and queue.purge are not stripped. */
    @Test
    void publishGetConsumeAndPurgeTakeTheNameAsSent() throws Exception {
        Channel setup = broker.newChannel();
        String[] queue = dirtyAndClean("npq");
        String[] exchange = dirtyAndClean("npx");
        setup.queueDeclare(queue[1], false, false, false, null);
        setup.exchangeDeclare(exchange[1], BuiltinExchangeType.FANOUT);

        Channel get = broker.newChannel();
        AMQP.Channel.Close close = expectChannelError(AMQP.NOT_FOUND, () -> get.basicGet(queue[0], true));
        assertEquals("NOT_FOUND - no queue '" + queue[0] + "' in vhost '/'", close.getReplyText());
        Channel consume = broker.newChannel();
        expectChannelError(AMQP.NOT_FOUND, () -> consume.basicConsume(queue[0], true, new CollectingConsumer(consume)));
        Channel purge = broker.newChannel();
        expectChannelError(AMQP.NOT_FOUND, () -> purge.queuePurge(queue[0]));
        Channel publish = broker.newChannel();
        close = expectChannelError(AMQP.NOT_FOUND, publish,
                () -> publish.basicPublish(exchange[0], "", null, utf8("m")));
        assertEquals("NOT_FOUND - no exchange '" + exchange[0] + "' in vhost '/'", close.getReplyText());
    }
}
