package io.warrenmq.amqp10.codec;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The AMQP 1.0 primitive types that have no natural Java counterpart (spec types.xml). The others
 * decode to {@code Boolean}, {@code Byte}, {@code Short}, {@code Integer}, {@code Long},
 * {@code Float}, {@code Double}, {@code java.util.UUID}, {@code String}, {@code List} and
 * {@code Map}; {@code null} is null.
 *
 * <p>why wrappers for the unsigned types: a field's encoding follows its Java type, and a uint
 * must not go out as an int (the peer checks the constructor).
 */
public final class Types {
    private Types() {
    }

    public record UByte(int value) {
    }

    public record UShort(int value) {
    }

    /** Held in a long: 0 .. 2^32-1. */
    public record UInt(long value) {
        public static UInt of(long v) {
            return new UInt(v & 0xFFFFFFFFL);
        }
    }

    /** Two's-complement bits of a 64-bit unsigned value. */
    public record ULong(long value) {
    }

    public record Symbol(String value) {
        public static Symbol of(String s) {
            return new Symbol(s);
        }

        @Override
        public String toString() {
            return value;
        }
    }

    public record Timestamp(long millis) {
    }

    public record Char(int codePoint) {
    }

    public record Decimal32(int bits) {
    }

    public record Decimal64(long bits) {
    }

    public record Decimal128(byte[] bits) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Decimal128 d && Arrays.equals(bits, d.bits);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bits);
        }
    }

    /** Opaque bytes; equal by content. */
    public record Binary(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Binary b && Arrays.equals(bytes, b.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Binary[" + HexFormat.of().formatHex(bytes) + "]";
        }
    }

    /** A described value: descriptor (a {@code ULong} code or a {@code Symbol} name) and value. */
    public record Described(Object descriptor, Object value) {
        public boolean is(long code) {
            return descriptor instanceof ULong u && u.value() == code;
        }
    }

    /**
     * An array: every element has the same constructor. {@code elementCode} is that constructor's
     * format code, kept so an empty array round-trips.
     */
    public record AmqpArray(int elementCode, List<Object> elements) {
        public static AmqpArray ofSymbols(List<Symbol> symbols) {
            return new AmqpArray(Codes.SYM8, List.copyOf(symbols));
        }
    }
}
