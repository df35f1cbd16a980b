package io.warrenmq.codec.types;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Shortstrs as strings without losing octets: valid UTF-8 decodes as usual; each octet of a malformed
 * sequence becomes the lone low surrogate {@code U+DC00 + octet} (U+DC80..U+DCFF: such octets are all
 * 0x80 or above), and writing turns each such lone surrogate back into its octet.
 *
 * <p>why: AMQP shortstrs are octets, and RabbitMQ keeps names as binaries. Decoding malformed octets to
 * U+FFFD made different octet strings one name, and re-encoding three octets for each one made a 255-octet
 * name unwritable. Valid UTF-8 never decodes to a lone surrogate, so no two octet strings share a string;
 * a lone surrogate counts as one octet in {@link ByteBufUtil#utf8Bytes}, so lengths are unchanged too
 * (Python's "surrogateescape" is the same idea).
 *
 * <p>Thread-safety: stateless static functions.
 */
public final class LosslessUtf8 {
    private static final int ESCAPE_BASE = 0xDC00;
    private static final int ESCAPE_FIRST = 0xDC80;
    private static final int ESCAPE_LAST = 0xDCFF;

    private LosslessUtf8() {
    }

    /** The string of {@code buf[index, index + length)}; the buffer's indexes are not changed. */
    public static String decode(ByteBuf buf, int index, int length) {
        if (ByteBufUtil.isText(buf, index, length, StandardCharsets.UTF_8)) {
            return buf.toString(index, length, StandardCharsets.UTF_8);
        }
        return decodeEscaping(ByteBufUtil.getBytes(buf, index, length, false), 0, length);
    }

    /** The string of {@code bytes[offset, offset + length)}. */
    public static String decode(byte[] bytes, int offset, int length) {
        String s = new String(bytes, offset, length, StandardCharsets.UTF_8);
        if (s.indexOf('\uFFFD') < 0) {
            return s; // why: the common case decodes once; a real U+FFFD in the input takes the slow path
        }
        return decodeEscaping(bytes, offset, length);
    }

    private static String decodeEscaping(byte[] bytes, int offset, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        CharBuffer out = CharBuffer.allocate(length); // UTF-8 never gives more chars than octets
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                for (int i = 0; i < result.length(); i++) {
                    out.put((char) (ESCAPE_BASE | (in.get() & 0xFF)));
                }
            } else {
                break;
            }
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** Whether {@code s} holds an escaped octet: it came from octets that are not valid UTF-8. */
    public static boolean hasEscapes(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isEscape(s, i)) {
                return true;
            }
        }
        return false;
    }

    /** How many octets {@link #write} writes for {@code s}. */
    public static int encodedLength(String s) {
        return ByteBufUtil.utf8Bytes(s);
    }

    /** Writes {@code s} as UTF-8, escaped octets as themselves; returns the octets written. */
    public static int write(ByteBuf buf, String s) {
        if (!hasEscapes(s)) {
            return ByteBufUtil.writeUtf8(buf, s);
        }
        int start = buf.writerIndex();
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            if (isEscape(s, i)) {
                ByteBufUtil.writeUtf8(buf, s, from, i);
                buf.writeByte(s.charAt(i) & 0xFF);
                from = i + 1;
            }
        }
        ByteBufUtil.writeUtf8(buf, s, from, s.length());
        return buf.writerIndex() - start;
    }

    /** {@code s} with each escaped octet shown as {@code \xHH}, for error texts and logs. */
    public static String printable(String s) {
        if (!hasEscapes(s)) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            if (isEscape(s, i)) {
                sb.append(String.format("\\x%02X", s.charAt(i) & 0xFF));
            } else {
                sb.append(s.charAt(i));
            }
        }
        return sb.toString();
    }

    private static boolean isEscape(String s, int i) {
        char c = s.charAt(i);
        return c >= ESCAPE_FIRST && c <= ESCAPE_LAST && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    }
}
