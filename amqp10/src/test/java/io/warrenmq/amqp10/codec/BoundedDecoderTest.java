package io.warrenmq.amqp10.codec;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BoundedDecoderTest {
    private static ByteBuf bytes(int... b) {
        ByteBuf buf = Unpooled.buffer();
        for (int x : b) {
            buf.writeByte(x);
        }
        return buf;
    }

    @Test
    void aClaimedSizeBeyondTheInputIsRefusedBeforeAllocating() {
        // str32 claiming 2 GB, binary claiming 4 GB - 1, list32 with a huge count in a small body
        assertThrows(DecodeException.class, () -> Decoder.read(bytes(0xb1, 0x7f, 0xff, 0xff, 0xff, 'a')));
        assertThrows(DecodeException.class, () -> Decoder.read(bytes(0xb0, 0xff, 0xff, 0xff, 0xff)));
        assertThrows(DecodeException.class, () -> Decoder.read(bytes(0xd0, 0, 0, 0, 4, 0x7f, 0xff, 0xff, 0xff)));
        assertThrows(DecodeException.class, () -> Decoder.read(bytes(0xc1, 2, 0x7f, 0x40)));
        assertThrows(DecodeException.class, () -> Decoder.read(bytes(0xf0, 0, 0, 0, 5, 0x7f, 0xff, 0xff, 0xff, 0x71)));
    }

    @Test
    void truncatedInputIsADecodeError() {
        assertThrows(DecodeException.class, () -> Decoder.read(bytes(0x71, 0, 0)));
        assertThrows(DecodeException.class, () -> Decoder.read(bytes(0xa1, 5, 'a', 'b')));
        assertThrows(DecodeException.class, () -> Decoder.read(bytes(0x00, 0x53)));
        assertThrows(DecodeException.class, () -> Decoder.read(bytes()));
        assertThrows(DecodeException.class, () -> Decoder.read(bytes(0xc0, 3, 2, 0x40)));
    }

    @Test
    void unknownCodesOddMapsAndBadBooleansAreRefused() {
        assertThrows(DecodeException.class, () -> Decoder.read(bytes(0x33)));
        assertThrows(DecodeException.class, () -> Decoder.read(bytes(0xc1, 2, 1, 0x40)));
        assertThrows(DecodeException.class, () -> Decoder.read(bytes(0x56, 2)));
    }

    @Test
    void nestingIsLimited() {
        ByteBuf deep = Unpooled.buffer();
        for (int i = 0; i < 10_000; i++) {
            deep.writeByte(0x00); // a descriptor that is itself described, and so on
        }
        assertThrows(DecodeException.class, () -> Decoder.read(deep));
    }

    @Test
    void aPerformativeWithAWrongFieldTypeIsADecodeError() {
        // open whose container-id is an int
        ByteBuf b = Unpooled.buffer();
        Encoder.write(b, new Types.Described(new Types.ULong(0x10), List.of(5)));
        assertThrows(DecodeException.class, () -> Performative.decode(b));
        ByteBuf missing = Unpooled.buffer();
        Encoder.write(missing, new Types.Described(new Types.ULong(0x10), List.of()));
        assertThrows(DecodeException.class, () -> Performative.decode(missing));
        ByteBuf unknown = Unpooled.buffer();
        Encoder.write(unknown, new Types.Described(new Types.ULong(0x1f), List.of()));
        assertThrows(DecodeException.class, () -> Performative.decode(unknown));
    }

    @Test
    void randomAndMutatedInputNeverEscapesAsAnythingButADecodeError() {
        Random random = new Random(17);
        List<byte[]> seeds = new ArrayList<>();
        for (Performative p : List.<Performative>of(new Open("c", "h", 512, 1, 0, List.of(), List.of(), null),
                new Flow(1, 2, 3, 4, 5, 6, 7, 8, true, false), new Detach(1, true, ErrorCondition.of("a:b", "c")))) {
            ByteBuf b = Unpooled.buffer();
            p.encode(b);
            byte[] a = new byte[b.readableBytes()];
            b.readBytes(a);
            seeds.add(a);
        }
        int decoded = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] input;
            if (i % 2 == 0) {
                input = seeds.get(random.nextInt(seeds.size())).clone();
                for (int m = 0; m < 1 + random.nextInt(3); m++) {
                    input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                }
            } else {
                input = new byte[random.nextInt(64)];
                random.nextBytes(input);
            }
            try {
                Performative.decode(Unpooled.wrappedBuffer(input));
                decoded++;
            } catch (DecodeException expected) {
                // the only failure allowed
            }
        }
        assertTrue(decoded > 0, "some mutations still decode");
    }
}
