package io.warrenmq.codec.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.warrenmq.codec.FrameDecoder;
import io.warrenmq.codec.FrameEncoder;
import io.warrenmq.codec.MethodFrame;
import io.warrenmq.codec.Wire;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class MethodRoundTripTest {

    static Stream<Method> methods() {
        return MethodSamples.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void encodesAndDecodesToAnEqualMethodWithIdenticalBytes(Method m) throws Exception {
        EmbeddedChannel encoder = new EmbeddedChannel(new FrameEncoder());
        assertTrue(encoder.writeOutbound(new MethodFrame(7, m)));
        ByteBuf encoded = encoder.readOutbound();
        byte[] bytes = ByteBufUtil.getBytes(encoded);
        assertArrayEquals(Wire.method(7, m), bytes, "FrameEncoder and FrameWriter agree");

        EmbeddedChannel decoder = new EmbeddedChannel(new FrameDecoder(0));
        assertTrue(decoder.writeInbound(encoded));
        MethodFrame frame = assertInstanceOf(MethodFrame.class, decoder.readInbound());
        assertEquals(7, frame.channel());
        assertEquals(m, frame.method());
        assertComponentsEqual(m, frame.method());
        assertEquals(m.name(), frame.method().name());
        assertArrayEquals(bytes, Wire.method(7, frame.method()), "re-encoding is byte-exact");
        assertFalse(encoder.finish());
        assertFalse(decoder.finish());
    }

    @Test
    void everyMethodRecordHasASample() {
        Set<Class<?>> records = new HashSet<>();
        for (Class<?> amqpClass : Method.class.getPermittedSubclasses()) {
            records.addAll(Arrays.asList(amqpClass.getPermittedSubclasses()));
        }
        Set<Class<?>> sampled = MethodSamples.all().stream().map(Object::getClass).collect(Collectors.toSet());
        assertEquals(records, sampled);
        assertEquals(66, records.size());
    }

    @Test
    void idsAndNamesMatchTheSpec() {
        assertEquals(60, new BasicMethod.Publish("", "", false, false).classId());
        assertEquals(40, BasicMethod.Publish.METHOD_ID);
        assertEquals("basic.publish", new BasicMethod.Publish("", "", false, false).name());
        assertEquals(51, ExchangeMethod.UnbindOk.METHOD_ID); // RabbitMQ's id, not 41
        assertTrue(new BasicMethod.Deliver("", 1, false, "", "").hasContent());
        assertTrue(new BasicMethod.GetOk(1, false, "", "", 0).hasContent());
        assertTrue(new BasicMethod.Return(312, "", "", "").hasContent());
        assertFalse(new BasicMethod.Ack(1, false).hasContent());
        for (Method m : MethodSamples.all()) {
            assertEquals(m, Methods.read(m.classId(), m.methodId(), payloadOf(m)), m.name());
        }
    }

    @Test
    void closeCarriesTheFailingMethodIdsSeparatelyFromItsOwnIds() {
        ConnectionMethod.Close close = new ConnectionMethod.Close(504, "CHANNEL_ERROR - x", 60, 40);
        assertEquals(10, close.classId());
        assertEquals(50, close.methodId());
        assertEquals(60, close.failingClassId());
        assertEquals(40, close.failingMethodId());
    }

    private static ByteBuf payloadOf(Method m) {
        byte[] frame = Wire.method(1, m);
        return io.netty.buffer.Unpooled.wrappedBuffer(frame, 11, frame.length - 12);
    }

    /** Compares byte[] components by content (records use identity), everything else with equals. */
    private static void assertComponentsEqual(Method expected, Method actual) throws Exception {
        List<RecordComponent> components = List.of(expected.getClass().getRecordComponents());
        for (RecordComponent c : components) {
            Object e = c.getAccessor().invoke(expected);
            Object a = c.getAccessor().invoke(actual);
            if (e instanceof byte[] eb) {
                assertArrayEquals(eb, (byte[]) a, c.getName());
            } else {
                assertEquals(e, a, c.getName());
            }
        }
    }
}
