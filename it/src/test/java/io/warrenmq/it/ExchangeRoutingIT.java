package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectChannelError;
import static io.warrenmq.it.EmbeddedBroker.uniqueName;
import static io.warrenmq.it.Messages.routedBodies;
import static io.warrenmq.it.Messages.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exchanges (AMQP 0-9-1 §3.1.3, exchange class) and the four standard exchange types, checked by
 * the exact list of messages each bound queue ends up with (see {@link Messages#routedBodies}).
 */
class ExchangeRoutingIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    /** "A direct exchange routes a message to a queue if the binding key equals the routing key." */
    @Test
    void directExchangeRoutesOnExactRoutingKey() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = uniqueName("direct");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT);
        String apples = boundQueue(channel, exchange, "apple");
        String pears = boundQueue(channel, exchange, "pear");
        String both = boundQueue(channel, exchange, "apple", "pear");

        publish(channel, exchange, "plum", "m-plum");
        publish(channel, exchange, "Apple", "m-Apple");
        publish(channel, exchange, "apple", "m-apple");
        publish(channel, exchange, "pear", "m-pear");

        assertEquals(List.of("m-apple"), routedBodies(channel, apples));
        assertEquals(List.of("m-pear"), routedBodies(channel, pears));
        assertEquals(List.of("m-apple", "m-pear"), routedBodies(channel, both));
    }

    /** "The fanout exchange routes messages to all of the queues bound to it; the routing key is ignored." */
    @Test
    void fanoutExchangeCopiesToEveryBoundQueueIgnoringRoutingKey() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = uniqueName("fanout");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT);
        String first = boundQueue(channel, exchange, "");
        String second = boundQueue(channel, exchange, "some-key");
        String unbound = channel.queueDeclare().getQueue();

        publish(channel, exchange, "whatever", "m1");
        publish(channel, exchange, "", "m2");

        assertEquals(List.of("m1", "m2"), routedBodies(channel, first));
        assertEquals(List.of("m1", "m2"), routedBodies(channel, second));
        assertEquals(List.of(), routedBodies(channel, unbound));
    }

    /** Topic binding keys: "*" substitutes for exactly one word. */
    @Test
    void topicStarMatchesExactlyOneWord() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = uniqueName("topic");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC);
        String queue = boundQueue(channel, exchange, "*.orange.*");

        for (String key : List.of("orange", "quick.orange", "orange.fox", "quick.orange.brown.fox", "quick.apple.fox")) {
            publish(channel, exchange, key, "no:" + key);
        }
        publish(channel, exchange, "quick.orange.fox", "yes:quick.orange.fox");

        assertEquals(List.of("yes:quick.orange.fox"), routedBodies(channel, queue));
    }

    /** Topic binding keys: "#" substitutes for zero or more words, anywhere in the pattern. */
    @Test
    void topicHashMatchesZeroOrMoreWords() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = uniqueName("topic");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC);
        String lazy = boundQueue(channel, exchange, "lazy.#");
        String middle = boundQueue(channel, exchange, "a.#.z");
        String everything = boundQueue(channel, exchange, "#");

        List<String> keys = List.of("lazy", "lazy.fox", "lazy.brown.fox", "lazyfox", "quick.lazy",
                "a.z", "a.b.z", "a.b.c.z", "a.z.b", "");
        for (String key : keys) {
            publish(channel, exchange, key, key);
        }

        assertEquals(List.of("lazy", "lazy.fox", "lazy.brown.fox"), routedBodies(channel, lazy));
        assertEquals(List.of("a.z", "a.b.z", "a.b.c.z"), routedBodies(channel, middle));
        assertEquals(keys, routedBodies(channel, everything));
    }

    /**
     * Topic routing keys are split on "." into words, and empty words are words: "a..b" has three
     * words, the empty key has none (so "#" matches it and "*" does not), "." has two empty words.
     */
    @Test
    void topicEmptyWordsAreWords() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = uniqueName("topic");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC);
        String literalEmptyWord = boundQueue(channel, exchange, "a..b");
        String starInMiddle = boundQueue(channel, exchange, "a.*.b");
        String singleStar = boundQueue(channel, exchange, "*");
        String emptyBinding = boundQueue(channel, exchange, "");
        String twoStars = boundQueue(channel, exchange, "*.*");

        for (String key : List.of("a..b", "a.b", "", ".", "x", "a.x.b")) {
            publish(channel, exchange, key, "[" + key + "]");
        }

        assertEquals(List.of("[a..b]"), routedBodies(channel, literalEmptyWord));
        assertEquals(List.of("[a..b]", "[a.x.b]"), routedBodies(channel, starInMiddle));
        assertEquals(List.of("[x]"), routedBodies(channel, singleStar));
        assertEquals(List.of("[]"), routedBodies(channel, emptyBinding));
        assertEquals(List.of("[a.b]", "[.]"), routedBodies(channel, twoStars));
    }

    /** A queue matched by several bindings of one exchange still receives one copy of the message. */
    @Test
    void queueMatchedByTwoBindingsReceivesOneCopy() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = uniqueName("topic");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC);
        String queue = boundQueue(channel, exchange, "stock.*", "*.nyse", "#");

        publish(channel, exchange, "stock.nyse", "once");

        assertEquals(List.of("once"), routedBodies(channel, queue));
    }

    /**
     * Headers exchange: binding arguments are matched against message headers; "x-match" = "all"
     * (the default) needs every binding header to match, "any" needs one. The routing key is ignored.
     */
    @Test
    void headersExchangeMatchesAllOrAnyBindingHeaders() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = uniqueName("headers");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.HEADERS);
        String all = channel.queueDeclare().getQueue();
        channel.queueBind(all, exchange, "ignored", Map.of("x-match", "all", "format", "pdf", "type", "report"));
        String any = channel.queueDeclare().getQueue();
        channel.queueBind(any, exchange, "", Map.of("x-match", "any", "format", "pdf", "type", "log"));
        String implicitAll = channel.queueDeclare().getQueue();
        channel.queueBind(implicitAll, exchange, "", Map.of("format", "zip", "type", "report"));

        publishWithHeaders(channel, exchange, "m-none", null);
        publishWithHeaders(channel, exchange, "m-pdf", Map.of("format", "pdf"));
        publishWithHeaders(channel, exchange, "m-pdf-report", Map.of("format", "pdf", "type", "report", "extra", 1));
        publishWithHeaders(channel, exchange, "m-log", Map.of("type", "log"));
        publishWithHeaders(channel, exchange, "m-zip", Map.of("format", "zip"));
        publishWithHeaders(channel, exchange, "m-zip-report", Map.of("format", "zip", "type", "report"));

        assertEquals(List.of("m-pdf-report"), routedBodies(channel, all));
        assertEquals(List.of("m-pdf", "m-pdf-report", "m-log"), routedBodies(channel, any));
        assertEquals(List.of("m-zip-report"), routedBodies(channel, implicitAll));
    }

    /**
     * RabbitMQ's exchange-to-exchange bindings (exchange.bind): a message routed by the source
     * exchange to a destination exchange is routed on by the destination's own bindings.
     */
    @Test
    void exchangeToExchangeBindingRoutesThrough() throws Exception {
        Channel channel = broker.newChannel();
        String source = uniqueName("e2e-source");
        String destination = uniqueName("e2e-destination");
        channel.exchangeDeclare(source, BuiltinExchangeType.TOPIC);
        channel.exchangeDeclare(destination, BuiltinExchangeType.FANOUT);
        channel.exchangeBind(destination, source, "orders.#");
        String queue = boundQueue(channel, destination, "");

        publish(channel, source, "invoices.new", "not routed");
        publish(channel, source, "orders.new", "routed through");
        assertEquals(List.of("routed through"), routedBodies(channel, queue));

        channel.exchangeUnbind(destination, source, "orders.#");
        publish(channel, source, "orders.new", "after unbind");
        assertEquals(List.of(), routedBodies(channel, queue));
    }

    /** Binding the same queue, exchange, key and arguments twice creates one binding; one unbind removes it. */
    @Test
    void duplicateBindingIsIdempotent() throws Exception {
        Channel channel = broker.newChannel();
        String exchange = uniqueName("twice");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT);
        String queue = boundQueue(channel, exchange, "k", "k");

        publish(channel, exchange, "k", "one copy");
        assertEquals(List.of("one copy"), routedBodies(channel, queue));

        channel.queueUnbind(queue, exchange, "k");
        publish(channel, exchange, "k", "after unbind");
        assertEquals(List.of(), routedBodies(channel, queue));
    }

    /** "The default exchange ... every queue is automatically bound to it with a binding key equal to the queue name." */
    @Test
    void defaultExchangeRoutesByQueueName() throws Exception {
        Channel channel = broker.newChannel();
        String queue = uniqueName("by-name");
        channel.queueDeclare(queue, false, false, true, null);
        publish(channel, "", queue, "direct to queue");
        publish(channel, "", queue + "-nope", "nowhere");
        assertEquals(List.of("direct to queue"), routedBodies(channel, queue));
    }

    /** RabbitMQ: "operation not permitted on the default exchange" (ACCESS_REFUSED, channel error) for declare. */
    @Test
    void declaringTheDefaultExchangeIsAccessRefused() throws Exception {
        Channel channel = broker.newChannel();
        expectChannelError(AMQP.ACCESS_REFUSED, () -> channel.exchangeDeclare("", BuiltinExchangeType.DIRECT));
    }

    /** ... and for delete. */
    @Test
    void deletingTheDefaultExchangeIsAccessRefused() throws Exception {
        Channel channel = broker.newChannel();
        expectChannelError(AMQP.ACCESS_REFUSED, () -> channel.exchangeDelete(""));
    }

    /** ... and for queue.bind / queue.unbind with the default exchange as source. */
    @Test
    void bindingToTheDefaultExchangeIsAccessRefused() throws Exception {
        Connection connection = broker.newConnection();
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare().getQueue();
        expectChannelError(AMQP.ACCESS_REFUSED, () -> channel.queueBind(queue, "", "key"));
        Channel other = connection.createChannel();
        expectChannelError(AMQP.ACCESS_REFUSED, () -> other.queueUnbind(queue, "", queue));
    }

    /**
     * §exchange.declare: "Exchange names starting with "amq." are reserved for pre-declared and
     * standardised exchanges" — RabbitMQ refuses creating one with ACCESS_REFUSED.
     */
    @Test
    void declaringANewAmqPrefixedExchangeIsAccessRefused() throws Exception {
        Channel channel = broker.newChannel();
        expectChannelError(AMQP.ACCESS_REFUSED,
                () -> channel.exchangeDeclare(uniqueName("amq.custom"), BuiltinExchangeType.DIRECT));
    }

    /** RabbitMQ: "deletion of system exchange 'amq.direct' not allowed" (ACCESS_REFUSED). */
    @Test
    void deletingAPredeclaredAmqExchangeIsAccessRefused() throws Exception {
        Channel channel = broker.newChannel();
        expectChannelError(AMQP.ACCESS_REFUSED, () -> channel.exchangeDelete("amq.direct"));
    }

    /**
     * The server MUST pre-declare amq.direct, amq.fanout, amq.topic and amq.headers / amq.match
     * (RabbitMQ declares them durable); a redeclare with the same type and durability is allowed.
     */
    @Test
    void predeclaredAmqExchangesExistWithTheirTypes() throws Exception {
        Channel channel = broker.newChannel();
        Map<String, BuiltinExchangeType> predeclared = Map.of(
                "amq.direct", BuiltinExchangeType.DIRECT,
                "amq.fanout", BuiltinExchangeType.FANOUT,
                "amq.topic", BuiltinExchangeType.TOPIC,
                "amq.headers", BuiltinExchangeType.HEADERS,
                "amq.match", BuiltinExchangeType.HEADERS);
        for (Map.Entry<String, BuiltinExchangeType> exchange : predeclared.entrySet()) {
            assertNotNull(channel.exchangeDeclarePassive(exchange.getKey()), exchange.getKey());
            channel.exchangeDeclare(exchange.getKey(), exchange.getValue(), true);
        }
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, "amq.topic", "it.#");
        publish(channel, "amq.topic", "it.works", "via amq.topic");
        assertEquals(List.of("via amq.topic"), routedBodies(channel, queue));
    }

    /** Redeclaring amq.match with a different type is PRECONDITION_FAILED like any other exchange. */
    @Test
    void redeclaringAPredeclaredExchangeWithAnotherTypeIsPreconditionFailed() throws Exception {
        Channel channel = broker.newChannel();
        expectChannelError(AMQP.PRECONDITION_FAILED,
                () -> channel.exchangeDeclare("amq.match", BuiltinExchangeType.DIRECT, true));
    }

    /**
     * §exchange.declare: "If [the exchange] exists, the server MUST check that the existing exchange
     * has the same values for type, durable and arguments fields ... and raise a channel exception
     * if not" — RabbitMQ: PRECONDITION_FAILED "inequivalent arg".
     */
    @Test
    void redeclareWithDifferentTypeDurableOrAutoDeleteIsPreconditionFailed() throws Exception {
        Connection connection = broker.newConnection();
        Channel channel = connection.createChannel();
        String exchange = uniqueName("equiv");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT, false, false, null);
        channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT, false, false, null);

        Channel typeChannel = connection.createChannel();
        expectChannelError(AMQP.PRECONDITION_FAILED,
                () -> typeChannel.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT, false, false, null));
        Channel durableChannel = connection.createChannel();
        expectChannelError(AMQP.PRECONDITION_FAILED,
                () -> durableChannel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT, true, false, null));
        Channel autoDeleteChannel = connection.createChannel();
        expectChannelError(AMQP.PRECONDITION_FAILED,
                () -> autoDeleteChannel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT, false, true, null));

        channel.exchangeDeclarePassive(exchange);
    }

    /**
     * Current RabbitMQ answers an unknown exchange type with PRECONDITION_FAILED "unknown exchange
     * type" as a channel error (rabbit_exchange:check_type; before 4.x it was COMMAND_INVALID).
     */
    @Test
    void declaringAnUnknownExchangeTypeIsPreconditionFailed() throws Exception {
        Channel channel = broker.newChannel();
        expectChannelError(AMQP.PRECONDITION_FAILED,
                () -> channel.exchangeDeclare(uniqueName("weird"), "x-no-such-type"));
    }

    /** §exchange.declare passive: "If not set and the exchange exists ... raise a channel exception with reply code 404 (not found)." */
    @Test
    void passiveDeclareOfMissingExchangeIsNotFound() throws Exception {
        Channel channel = broker.newChannel();
        expectChannelError(AMQP.NOT_FOUND, () -> channel.exchangeDeclarePassive(uniqueName("missing")));
    }

    /** §exchange.delete if-unused: "If set, the server will only delete the exchange if it has no queue bindings" — else 406. */
    @Test
    void deleteIfUnusedFailsWhileExchangeHasBindings() throws Exception {
        Connection connection = broker.newConnection();
        Channel channel = connection.createChannel();
        String exchange = uniqueName("in-use");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT);
        String queue = boundQueue(channel, exchange, "k");

        Channel deleter = connection.createChannel();
        expectChannelError(AMQP.PRECONDITION_FAILED, () -> deleter.exchangeDelete(exchange, true));
        channel.exchangeDeclarePassive(exchange);

        channel.queueUnbind(queue, exchange, "k");
        channel.exchangeDelete(exchange, true);
        Channel checker = connection.createChannel();
        expectChannelError(AMQP.NOT_FOUND, () -> checker.exchangeDeclarePassive(exchange));
    }

    /** An unconditional delete removes the exchange and its bindings. */
    @Test
    void deleteRemovesExchangeWithItsBindings() throws Exception {
        Connection connection = broker.newConnection();
        Channel channel = connection.createChannel();
        String exchange = uniqueName("doomed");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT);
        String queue = boundQueue(channel, exchange, "");
        channel.exchangeDelete(exchange);
        expectChannelError(AMQP.NOT_FOUND, () -> channel.exchangeDeclarePassive(exchange));

        // recreating it must not resurrect the old binding
        Channel again = connection.createChannel();
        again.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT);
        publish(again, exchange, "", "after recreate");
        assertEquals(List.of(), routedBodies(again, queue));
    }

    /** RabbitMQ treats exchange.delete of a missing exchange as success (delete-ok), not 404. */
    @Test
    void deletingAMissingExchangeSucceeds() throws Exception {
        Channel channel = broker.newChannel();
        channel.exchangeDelete(uniqueName("never-existed"));
        channel.exchangeDeclarePassive("amq.direct");
    }

    /** basic.publish: "If the exchange does not exist the server MUST raise a channel exception with reply code 404." */
    @Test
    void publishingToAMissingExchangeIsNotFound() throws Exception {
        Channel channel = broker.newChannel();
        expectChannelError(AMQP.NOT_FOUND, channel,
                () -> channel.basicPublish(uniqueName("missing"), "key", null, utf8("lost")));
    }

    private static String boundQueue(Channel channel, String exchange, String... bindingKeys) throws IOException {
        String queue = channel.queueDeclare().getQueue();
        for (String key : bindingKeys) {
            channel.queueBind(queue, exchange, key);
        }
        return queue;
    }

    private static void publish(Channel channel, String exchange, String routingKey, String body) throws IOException {
        channel.basicPublish(exchange, routingKey, null, utf8(body));
    }

    private static void publishWithHeaders(Channel channel, String exchange, String body, Map<String, Object> headers)
            throws IOException {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .headers(headers == null ? null : new HashMap<>(headers))
                .build();
        channel.basicPublish(exchange, "rk-" + body, properties, utf8(body));
    }
}
