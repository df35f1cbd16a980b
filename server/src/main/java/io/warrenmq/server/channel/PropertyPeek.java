package io.warrenmq.server.channel;

import io.netty.buffer.ByteBuf;

/**
 * Reads single properties out of a raw content-header property block without decoding the
 * rest (why: publishing needs only delivery-mode; decoding all 14 properties would allocate
 * strings and tables per message).
 *
 * <p>The block was validated by the frame decoder, so offsets are trusted here.
 */
final class PropertyPeek {
    private static final int CONTENT_TYPE = 1 << 15;
    private static final int CONTENT_ENCODING = 1 << 14;
    private static final int HEADERS = 1 << 13;
    private static final int DELIVERY_MODE = 1 << 12;

    private PropertyPeek() {
    }

    /** delivery-mode, or 0 when absent. */
    static int deliveryMode(ByteBuf raw) {
        int i = raw.readerIndex();
        int flags = raw.getUnsignedShort(i);
        if ((flags & DELIVERY_MODE) == 0) {
            return 0;
        }
        i += 2;
        for (int word = flags; (word & 1) != 0; i += 2) {
            word = raw.getUnsignedShort(i); // continuation: more flag words follow
        }
        if ((flags & CONTENT_TYPE) != 0) {
            i += 1 + raw.getUnsignedByte(i);
        }
        if ((flags & CONTENT_ENCODING) != 0) {
            i += 1 + raw.getUnsignedByte(i);
        }
        if ((flags & HEADERS) != 0) {
            i += 4 + (int) raw.getUnsignedInt(i);
        }
        return raw.getUnsignedByte(i);
    }
}
