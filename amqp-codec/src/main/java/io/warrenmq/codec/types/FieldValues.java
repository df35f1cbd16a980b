package io.warrenmq.codec.types;

/**
 * Java types for the unsigned field-table values that have no natural Java equivalent.
 *
 * <p>Spec: 4.2.5.5 "Field Tables" as amended by RabbitMQ's errata (tags {@code B}, {@code u},
 * {@code i}). Thread-safety: immutable records.
 */
public final class FieldValues {
    private FieldValues() {
    }

    /** Tag {@code B}: unsigned 8-bit integer (0..255). */
    public record UnsignedByte(int value) {
        public UnsignedByte {
            if (value < 0 || value > 0xFF) {
                throw new IllegalArgumentException("unsigned byte out of range: " + value);
            }
        }
    }

    /** Tag {@code u}: unsigned 16-bit integer (0..65535). */
    public record UnsignedShort(int value) {
        public UnsignedShort {
            if (value < 0 || value > 0xFFFF) {
                throw new IllegalArgumentException("unsigned short out of range: " + value);
            }
        }
    }

    /** Tag {@code i}: unsigned 32-bit integer (0..4294967295). */
    public record UnsignedInt(long value) {
        public UnsignedInt {
            if (value < 0 || value > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("unsigned int out of range: " + value);
            }
        }
    }
}
