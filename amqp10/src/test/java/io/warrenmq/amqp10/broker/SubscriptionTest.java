package io.warrenmq.amqp10.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warrenmq.amqp10.codec.Descriptors;
import io.warrenmq.amqp10.codec.Encoder;
import io.warrenmq.amqp10.codec.Terminus;
import io.warrenmq.amqp10.codec.Types.Described;
import io.warrenmq.amqp10.codec.Types.Symbol;
import io.warrenmq.amqp10.codec.Types.ULong;
import io.warrenmq.codec.types.BasicProperties;
import io.warrenmq.codec.types.FieldTable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Subscription naming and definitions, the filters read from a source, the selector's view of a message. */
class SubscriptionTest {
    private static Terminus source(long durable, String expiry, String... capabilities) {
        return new Terminus(true, "/topics/t", false, Arrays.stream(capabilities).map(Symbol::of).toList(), durable,
                expiry == null ? null : Symbol.of(expiry), null);
    }

    @Test
    void queueNamesFollowQpidJmsLinkNames() {
        assertEquals("jms.durable.cid|sub", Subscription.of("sub", "cid", source(2, "never"), null, false).queue());
        assertEquals("jms.durable|sub", Subscription.of("sub|global", "ID:x", source(2, "never", "topic", "shared",
                "global"), null, false).queue());
        assertEquals("jms.durable.cid|sub", Subscription.of("sub|3", "cid", source(2, "never", "shared"), null, false)
                .queue(), "the third shared durable consumer: the same subscription");
        assertEquals("jms.shared.cid|sub", Subscription.of("sub|volatile2", "cid", source(0, "link-detach", "shared"),
                null, false).queue());
        assertEquals("jms.shared|sub", Subscription.of("sub|global-volatile1", "ID:y", source(0, "link-detach",
                "shared", "global"), null, false).queue());
        assertNull(Subscription.of("qpid-jms:receiver:ID:1:1:1:1:/topics/t", "cid", source(0, "link-detach"), null,
                false), "a plain subscriber is not a named subscription");
        assertEquals("jms.durable.a.b|c", Subscription.queueName(true, false, "a.b", "c"));
        assertThrows(IllegalArgumentException.class, () -> Subscription.of("s".repeat(250), "cid", source(2, "never"),
                null, false), "a queue name must fit a shortstr");
        assertEquals("jms.durable|sub", Subscription.lookupQueue("sub|global", "ID:z", List.of(Symbol.of("shared"),
                Symbol.of("global"))));
        assertEquals("jms.durable.cid|sub", Subscription.lookupQueue("sub", "cid", List.of()));
    }

    @Test
    void queueFlagsPerKind() {
        Subscription durable = Subscription.of("s", "c", source(2, "never"), null, false);
        assertTrue(durable.durableQueue() && !durable.exclusiveQueue() && !durable.autoDelete());
        Subscription ownShared = Subscription.of("s|volatile1", "c", source(0, null, "shared"), null, false);
        assertTrue(!ownShared.durableQueue() && ownShared.exclusiveQueue() && ownShared.autoDelete());
        Subscription globalShared = Subscription.of("s|global-volatile1", "c", source(0, null, "shared", "global"),
                null, false);
        assertTrue(globalShared.durableQueue() && !globalShared.exclusiveQueue() && globalShared.autoDelete());
    }

    @Test
    void theDefinitionInTheArgumentsTellsTheSameSubscriptionFromAnother() {
        Subscription s = Subscription.of("s", "c", source(2, "never"), "a = 1", true);
        FieldTable args = s.arguments();
        assertTrue(Subscription.isSubscription(args));
        assertTrue(s.sameAs(args));
        assertFalse(Subscription.of("s", "c", source(2, "never"), "a = 2", true).sameAs(args));
        assertFalse(Subscription.of("s", "c", source(2, "never"), null, true).sameAs(args));
        assertFalse(Subscription.of("s", "c", source(2, "never"), "a = 1", false).sameAs(args));
        assertFalse(Subscription.of("s", "c", source(2, "never", "shared"), "a = 1", true).sameAs(args));
        assertFalse(new Subscription("q", true, false, "/topics/other", "a = 1", true).sameAs(args));
        assertFalse(Subscription.isSubscription(FieldTable.of(Map.of("x-max-length", 5))));
        // the lookup's answer carries the definition back
        Described src = Subscription.sourceOf(args);
        Terminus t = Terminus.read(src);
        assertEquals("/topics/t", t.address());
        assertEquals(Terminus.NEVER, t.expiryPolicy());
        Filters f = Filters.read(t.filter());
        assertEquals("a = 1", f.selector());
        assertTrue(f.noLocal());
    }

    @Test
    void filtersAreFoundByDescriptorCodeOrSymbolAndUnknownOnesRefused() {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(Symbol.of("anything"), new Described(new ULong(Filters.SELECTOR_CODE), "x > 1"));
        m.put(Symbol.of("nl"), new Described(Symbol.of("apache.org:no-local-filter:list"), List.of()));
        assertEquals(new Filters("x > 1", true), Filters.read(m));
        assertEquals(Filters.NONE, Filters.read(null));
        assertEquals(Filters.NONE, Filters.read(Map.of(Symbol.of("jms-selector"),
                new Described(Symbol.of("apache.org:selector-filter:string"), "  "))), "a blank selector is none");
        assertThrows(UnsupportedOperationException.class, () -> Filters.read(Map.of(Symbol.of("f"),
                new Described(Symbol.of("apache.org:legacy-amqp-topic-binding:string"), "a.#"))));
        assertThrows(UnsupportedOperationException.class, () -> Filters.read(Map.of(Symbol.of("f"), "bare")));
        assertThrows(IllegalArgumentException.class, () -> Filters.read(Map.of(Symbol.of("f"),
                new Described(new ULong(Filters.SELECTOR_CODE), 5))));
    }

    @Test
    void theSelectorSeesJmsHeadersAndPropertiesOfTheZeroNineOneForm() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("i", 7);
        h.put("f", 1.5f);
        h.put("s", "text");
        h.put("b", true);
        h.put("bytes", new byte[] {1});
        h.put(MessageMapping.SUBJECT_HEADER, "car");
        JmsMessageView v = new JmsMessageView().of(new BasicProperties(null, null, FieldTable.of(h), 2, null, "corr",
                null, null, "ID:1", Instant.ofEpochSecond(10), null, null, "group", null));
        assertEquals("PERSISTENT", v.get("JMSDeliveryMode"));
        assertEquals(4L, v.get("JMSPriority"), "the JMS default when unset");
        assertEquals("ID:1", v.get("JMSMessageID"));
        assertEquals("corr", v.get("JMSCorrelationID"));
        assertEquals(10_000L, v.get("JMSTimestamp"));
        assertEquals("car", v.get("JMSType"));
        assertEquals("group", v.get("JMSXGroupID"));
        assertEquals(7L, v.get("i"));
        assertEquals(1.5, v.get("f"));
        assertEquals("text", v.get("s"));
        assertEquals(true, v.get("b"));
        assertNull(v.get("bytes"));
        assertNull(v.get("missing"));
        JmsMessageView none = new JmsMessageView().of(new BasicProperties(null, null, null, 1, 9, null, null, null,
                null, null, null, null, null, null));
        assertEquals("NON_PERSISTENT", none.get("JMSDeliveryMode"));
        assertEquals(9L, none.get("JMSPriority"));
        assertNull(none.get("JMSType"));
        assertNull(none.get("colour"));
    }

    @Test
    void theSubjectTravelsAsJmsTypeAndTheNoLocalStampIsNotDelivered() {
        ByteBuf m = Unpooled.buffer();
        Encoder.write(m, new Described(new ULong(Descriptors.PROPERTIES), Arrays.asList("id", null, null, "car")));
        Encoder.write(m, new Described(new ULong(Descriptors.DATA), new io.warrenmq.amqp10.codec.Types.Binary(
                "b".getBytes(StandardCharsets.UTF_8))));
        Published p = MessageMapping.toPublished(m);
        assertEquals("car", p.properties().headers().get(MessageMapping.SUBJECT_HEADER));

        Origins origins = new Origins();
        assertEquals(p.properties(), origins.stamp(p.properties(), "me"), "nothing stamped without a no-local subscriber");
        origins.subscribed();
        BasicProperties stamped = origins.stamp(p.properties(), "me");
        assertTrue(Origins.publishedBy(stamped, "me"));
        assertFalse(Origins.publishedBy(stamped, "someone else"));
        origins.unsubscribed();
        assertEquals(p.properties(), origins.stamp(p.properties(), "me"));

        ByteBuf out = MessageMapping.toAmqp10(stamped, p.body(), "amq.topic", "k", false);
        Map<Long, Object> byCode = new LinkedHashMap<>();
        while (out.isReadable()) {
            Described d = (Described) io.warrenmq.amqp10.codec.Decoder.read(out);
            byCode.put(((ULong) d.descriptor()).value(), d.value());
        }
        assertEquals("car", ((List<?>) byCode.get(Descriptors.PROPERTIES)).get(3), "properties.subject again");
        Map<?, ?> annotations = (Map<?, ?>) byCode.get(Descriptors.MESSAGE_ANNOTATIONS);
        assertFalse(annotations.containsKey(Symbol.of(Origins.HEADER)));
        assertFalse(annotations.containsKey(Symbol.of(MessageMapping.SUBJECT_HEADER)));
    }
}
