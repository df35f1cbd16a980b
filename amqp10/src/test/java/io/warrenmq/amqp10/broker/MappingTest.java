package io.warrenmq.amqp10.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.warrenmq.amqp10.codec.Decoder;
import io.warrenmq.amqp10.codec.Descriptors;
import io.warrenmq.amqp10.codec.Encoder;
import io.warrenmq.amqp10.codec.Types.Binary;
import io.warrenmq.amqp10.codec.Types.Described;
import io.warrenmq.amqp10.codec.Types.Symbol;
import io.warrenmq.amqp10.codec.Types.ULong;
import io.warrenmq.codec.types.BasicProperties;
import io.warrenmq.codec.types.FieldTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MappingTest {
    private static Described section(long code, Object v) {
        return new Described(new ULong(code), v);
    }

    @Test
    void v2AddressesParseWithPercentDecoding() {
        assertEquals(new Addresses.QueueAddress("orders"), Addresses.parse("/queues/orders"));
        assertEquals(new Addresses.QueueAddress("a/b é"), Addresses.parse("/queues/a%2Fb%20%C3%A9"));
        assertEquals(new Addresses.ExchangeAddress("amq.topic", "a.b"), Addresses.parse("/exchanges/amq.topic/a.b"));
        assertEquals(new Addresses.ExchangeAddress("x", ""), Addresses.parse("/exchanges/x"));
        assertThrows(IllegalArgumentException.class, () -> Addresses.parse("orders"));
        assertThrows(IllegalArgumentException.class, () -> Addresses.parse("/queues/"));
        assertThrows(IllegalArgumentException.class, () -> Addresses.parse("/queues/a/b"));
        assertThrows(IllegalArgumentException.class, () -> Addresses.parse("/queues/%zz"));
        assertThrows(IllegalArgumentException.class, () -> Addresses.parse("/exchanges/amq.default/q"));
        assertEquals("a%2Fb%20%C3%A9", Addresses.encode("a/b é"));
        assertEquals("a/b é", Addresses.decode(Addresses.encode("a/b é")));
    }

    @Test
    void aDataMessageMapsToZeroNineOneProperties() {
        ByteBuf m = Unpooled.buffer();
        Encoder.write(m, section(Descriptors.HEADER, List.of(true, new io.warrenmq.amqp10.codec.Types.UByte(7),
                io.warrenmq.amqp10.codec.Types.UInt.of(5000))));
        Map<Object, Object> annotations = new LinkedHashMap<>();
        annotations.put(Symbol.of("x-opt-jms-msg-type"), (byte) 3);
        annotations.put(Symbol.of("x-routing-key"), "ignored");
        Encoder.write(m, section(Descriptors.MESSAGE_ANNOTATIONS, annotations));
        Encoder.write(m, section(Descriptors.PROPERTIES, Arrays.asList("id-1", null, null, null, "/queues/replies",
                "corr", Symbol.of("application/octet-stream"))));
        Encoder.write(m, section(Descriptors.APPLICATION_PROPERTIES, Map.of("colour", "blue")));
        Encoder.write(m, section(Descriptors.DATA, new Binary(new byte[] {1, 2})));
        Published p = MessageMapping.toPublished(m);
        BasicProperties props = p.properties();
        assertArrayEquals(new byte[] {1, 2}, p.body());
        assertEquals(2, props.deliveryMode());
        assertEquals(7, props.priority());
        assertEquals("5000", props.expiration());
        assertEquals("id-1", props.messageId());
        assertEquals("corr", props.correlationId());
        assertEquals("replies", props.replyTo());
        assertEquals("application/octet-stream", props.contentType());
        assertEquals("blue", props.headers().get("colour"));
        assertEquals((byte) 3, props.headers().get("x-opt-jms-msg-type"));
        assertNull(props.headers().get("x-routing-key"));
        assertNull(props.type());
    }

    @Test
    void anAmqpValueMapIsKeptAsEncodedSectionsAndComesBackUnchanged() {
        ByteBuf m = Unpooled.buffer();
        Encoder.write(m, section(Descriptors.AMQP_VALUE, Map.of("k", 1)));
        byte[] encodedBody = ByteBufUtil.getBytes(m);
        Published p = MessageMapping.toPublished(m);
        assertEquals(MessageMapping.AMQP_1_0_TYPE, p.properties().type());
        assertArrayEquals(encodedBody, p.body());
        ByteBuf back = MessageMapping.toAmqp10(p.properties(), p.body(), "", "q", false);
        List<Object> sections = new ArrayList<>();
        while (back.isReadable()) {
            sections.add(Decoder.read(back));
        }
        Described last = (Described) sections.get(sections.size() - 1);
        assertEquals(Descriptors.AMQP_VALUE, ((ULong) last.descriptor()).value());
        assertEquals(Map.of("k", 1), last.value());
    }

    @Test
    void aTextValueBecomesAUtf8BodyAndAZeroNineOneMessageBecomesOneDataSection() {
        ByteBuf m = Unpooled.buffer();
        Encoder.write(m, section(Descriptors.AMQP_VALUE, "héllo"));
        Published p = MessageMapping.toPublished(m);
        assertEquals("héllo", new String(p.body(), StandardCharsets.UTF_8));
        assertEquals("text/plain", p.properties().contentType());

        BasicProperties props = new BasicProperties("text/plain", null, FieldTable.of(Map.of("a", 1, "x-b", "c")), 2,
                null, null, "replies", null, "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66", null, "t", null, null, null);
        ByteBuf out = MessageMapping.toAmqp10(props, "body".getBytes(StandardCharsets.UTF_8), "ex", "rk", true);
        Map<Long, Object> byCode = new LinkedHashMap<>();
        while (out.isReadable()) {
            Described d = (Described) Decoder.read(out);
            byCode.put(((ULong) d.descriptor()).value(), d.value());
        }
        assertEquals(new Binary("body".getBytes(StandardCharsets.UTF_8)), byCode.get(Descriptors.DATA));
        List<?> properties = (List<?>) byCode.get(Descriptors.PROPERTIES);
        assertInstanceOf(java.util.UUID.class, properties.get(0));
        assertEquals("/queues/replies", properties.get(4));
        Map<?, ?> annotations = (Map<?, ?>) byCode.get(Descriptors.MESSAGE_ANNOTATIONS);
        assertEquals("ex", annotations.get(Symbol.of("x-exchange")));
        assertEquals("c", annotations.get(Symbol.of("x-b")));
        assertEquals("t", annotations.get(Symbol.of("x-basic-type")));
        assertEquals(Map.of("a", 1), byCode.get(Descriptors.APPLICATION_PROPERTIES));
    }
}
