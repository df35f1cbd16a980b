package io.warrenmq.store;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The UTF-8 bytes of the vhost and queue names the journal writes, kept per name: every record names its
 * vhost and queues, and encoding them afresh was most of the cost of framing a small record
 * ({@code RecordFormat.putString}, 7.5% of the journal thread's time under persistent load).
 *
 * <p>Bounded at {@link #MAX_NAMES}, least recently used first out (why: queues come and go; the names of
 * deleted ones must not pile up). Past that many names in use at once, names are encoded again as before.
 *
 * <p>Thread-safety: not thread-safe; the journal thread's.
 */
final class EncodedNames {
    static final int MAX_NAMES = 4096;

    private final Map<String, byte[]> names = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > MAX_NAMES;
        }
    };

    /**
     * The UTF-8 bytes of {@code name}; the caller must not change them.
     *
     * @throws IllegalArgumentException for a name longer than a record can hold (65535 bytes)
     */
    byte[] of(String name) {
        byte[] bytes = names.get(name);
        if (bytes == null) {
            bytes = name.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > RecordFormat.MAX_STRING_BYTES) {
                throw new IllegalArgumentException("name longer than 65535 bytes");
            }
            names.put(name, bytes);
        }
        return bytes;
    }
}
