package io.warrenmq.amqp10.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warrenmq.amqp10.codec.Types.AmqpArray;
import io.warrenmq.amqp10.codec.Types.Binary;
import io.warrenmq.amqp10.codec.Types.Char;
import io.warrenmq.amqp10.codec.Types.Decimal128;
import io.warrenmq.amqp10.codec.Types.Decimal32;
import io.warrenmq.amqp10.codec.Types.Decimal64;
import io.warrenmq.amqp10.codec.Types.Described;
import io.warrenmq.amqp10.codec.Types.Symbol;
import io.warrenmq.amqp10.codec.Types.Timestamp;
import io.warrenmq.amqp10.codec.Types.UByte;
import io.warrenmq.amqp10.codec.Types.UInt;
import io.warrenmq.amqp10.codec.Types.ULong;
import io.warrenmq.amqp10.codec.Types.UShort;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CodecRoundTripTest {
    private static Object roundTrip(Object v) {
        ByteBuf b = Unpooled.buffer();
        Encoder.write(b, v);
        Object back = Decoder.read(b);
        assertFalse(b.isReadable(), "the decoder read exactly what the encoder wrote");
        return back;
    }

    @Test
    void everyPrimitiveTypeRoundTrips() {
        List<Object> values = List.of(true, false, new UByte(0), new UByte(255), new UShort(65535), new UInt(0),
                new UInt(200), new UInt(0xFFFFFFFFL), new ULong(0), new ULong(7), new ULong(-1), (byte) -5,
                (short) -300, 0, -128, 127, 1 << 20, Integer.MIN_VALUE, 0L, -1L, Long.MAX_VALUE, 1.5f, -2.25d,
                new Decimal32(123), new Decimal64(-456L), new Decimal128(new byte[16]), new Char(0x1F600),
                new Timestamp(1_700_000_000_123L), UUID.randomUUID(), new Binary(new byte[] {1, 2, 3}),
                new Binary(new byte[300]), "", "héllo", "x".repeat(400), Symbol.of("amqp:not-found"),
                Symbol.of("s".repeat(300)));
        for (Object v : values) {
            assertEquals(v, roundTrip(v), () -> "round trip of " + v);
        }
        assertEquals(null, roundTrip(null));
    }

    @Test
    void compoundsRoundTripNested() {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(Symbol.of("k"), List.of(1, "two", new UInt(3)));
        map.put("nested", Map.of("a", true));
        map.put(new ULong(9), null);
        assertEquals(map, roundTrip(map));
        assertEquals(List.of(), roundTrip(List.of()));
        assertEquals(List.of(List.of(), List.of(1)), roundTrip(List.of(List.of(), List.of(1))));
    }

    @Test
    void arraysRoundTripWithTheirElementType() {
        AmqpArray symbols = AmqpArray.ofSymbols(List.of(Symbol.of("PLAIN"), Symbol.of("ANONYMOUS")));
        AmqpArray back = (AmqpArray) roundTrip(symbols);
        assertEquals(symbols.elements(), back.elements());
        AmqpArray ints = new AmqpArray(0x71, List.of(1, -2, 300));
        assertEquals(ints.elements(), ((AmqpArray) roundTrip(ints)).elements());
        AmqpArray strings = new AmqpArray(0xa1, List.of("a", "bb"));
        assertEquals(strings.elements(), ((AmqpArray) roundTrip(strings)).elements());
        AmqpArray empty = AmqpArray.ofSymbols(List.of());
        assertEquals(List.of(), ((AmqpArray) roundTrip(empty)).elements());
        AmqpArray longs = new AmqpArray(0x81, List.of(5L, Long.MIN_VALUE));
        assertEquals(longs.elements(), ((AmqpArray) roundTrip(longs)).elements());
        AmqpArray uuids = new AmqpArray(0x98, List.of(UUID.randomUUID()));
        assertEquals(uuids.elements(), ((AmqpArray) roundTrip(uuids)).elements());
    }

    @Test
    void describedTypesRoundTrip() {
        Described d = new Described(new ULong(0x77), "value");
        assertEquals(d, roundTrip(d));
        Described named = new Described(Symbol.of("apache.org:selector-filter:string"), "colour = 'blue'");
        assertEquals(named, roundTrip(named));
    }

    @Test
    void theSmallestEncodingIsChosen() {
        ByteBuf b = Unpooled.buffer();
        Encoder.write(b, new UInt(0));
        Encoder.write(b, new UInt(5));
        Encoder.write(b, new ULong(0));
        Encoder.write(b, 5);
        Encoder.write(b, "ab");
        assertEquals(0x43, b.readUnsignedByte());
        assertEquals(0x52, b.readUnsignedByte());
        b.skipBytes(1);
        assertEquals(0x44, b.readUnsignedByte());
        assertEquals(0x54, b.readUnsignedByte());
        b.skipBytes(1);
        assertEquals(0xa1, b.readUnsignedByte());
    }

    @Test
    void everyPerformativeRoundTrips() {
        List<Performative> all = List.of(
                new Open("c1", "vhost:/", 65536, 255, 30000, List.of(Symbol.of("ANONYMOUS-RELAY")), List.of(),
                        Map.of(Symbol.of("queue-prefix"), "/queues/")),
                new Begin(-1, 0, 2048, 2048, 1023), new Begin(3, 1, 2, 3, 4),
                new Attach("link", 7, true, Attach.SND_UNSETTLED, Attach.RCV_FIRST, Terminus.sourceWithAddress("/queues/q"),
                        null, -1, 1024, List.of(), List.of(Symbol.of("queue")), null),
                new Attach("link", 8, false, Attach.SND_SETTLED, Attach.RCV_FIRST, null,
                        new Described(new ULong(0x29), List.of("/exchanges/x/k")), 0, 0, List.of(), List.of(), null),
                new Flow(1, 100, 2, 200, 7, 10, 20, 3, true, true), new Flow(-1, 100, 2, 200, -1, -1, -1, -1, false, false),
                new Transfer(7, 0, new Binary(new byte[] {9}), 0, true, false, null, false),
                new Transfer(7, 1, new Binary(new byte[] {8}), 0, false, true, new DeliveryState.Accepted(), false),
                new Transfer(7, -1, null, 0, null, false, null, true),
                new Disposition(true, 3, 9, true, new DeliveryState.Released()),
                new Disposition(false, 4, 4, false, new DeliveryState.Modified(true, false, null)),
                new Disposition(true, 5, 5, true, new DeliveryState.Rejected(ErrorCondition.of("amqp:not-found", "gone"))),
                new Detach(7, true, ErrorCondition.of(ErrorCondition.NOT_FOUND, "no queue")), new Detach(1, false, null),
                new End(null), new End(ErrorCondition.of(ErrorCondition.UNATTACHED_HANDLE, "h")),
                new Close(null), new Close(ErrorCondition.of(ErrorCondition.DECODE_ERROR, "bad")));
        for (Performative p : all) {
            ByteBuf b = Unpooled.buffer();
            p.encode(b);
            Performative back = Performative.decode(b);
            assertEquals(normalise(p), normalise(back), () -> "round trip of " + p);
        }
    }

    @Test
    void saslFramesRoundTrip() {
        List<SaslFrame> all = List.of(new SaslFrame.Mechanisms(List.of(Symbol.of("PLAIN"))),
                new SaslFrame.Outcome(SaslFrame.Outcome.AUTH));
        for (SaslFrame f : all) {
            ByteBuf b = Unpooled.buffer();
            SaslFrame.encode(b, f);
            assertEquals(f, SaslFrame.decode(b));
        }
        ByteBuf b = Unpooled.buffer();
        SaslFrame.encode(b, new SaslFrame.Init(Symbol.of("PLAIN"), "\0u\0p".getBytes(), "localhost"));
        SaslFrame.Init init = (SaslFrame.Init) SaslFrame.decode(b);
        assertEquals("PLAIN", init.mechanism().value());
        assertEquals("\0u\0p", new String(init.initialResponse()));
        assertEquals("localhost", init.hostname());
    }

    /** Records holding byte arrays or raw decoded values compare by their encoding. */
    private static String normalise(Performative p) {
        ByteBuf b = Unpooled.buffer();
        p.encode(b);
        return io.netty.buffer.ByteBufUtil.hexDump(b);
    }
}
