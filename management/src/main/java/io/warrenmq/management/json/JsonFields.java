package io.warrenmq.management.json;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an object's fields go: into a map (to sort, filter or project on them, or to answer one
 * object) or straight into a Jackson generator (a listing's items, written in turn). One writer of
 * an object's fields serves both, so the two forms cannot drift apart.
 * Why: a listing of 10k queues spent a third of its time building and walking a LinkedHashMap per
 * queue only to hand it to Jackson.
 *
 * <p>Thread-safety: one object being written, one thread.
 */
public interface JsonFields {
    void field(String name, Object value);

    void field(String name, long value);

    void field(String name, boolean value);

    /** The fields {@code writer} writes, as a map. */
    static Map<String, Object> toMap(Writer writer) {
        Map<String, Object> m = new LinkedHashMap<>(64);
        writer.writeTo(new JsonFields() {
            @Override
            public void field(String name, Object value) {
                m.put(name, value);
            }

            @Override
            public void field(String name, long value) {
                m.put(name, value);
            }

            @Override
            public void field(String name, boolean value) {
                m.put(name, value);
            }
        });
        return m;
    }

    /** Writes the fields as one JSON object into {@code g}. */
    static void write(Writer writer, JsonGenerator g) throws IOException {
        g.writeStartObject();
        try {
            writer.writeTo(new JsonFields() {
                @Override
                public void field(String name, Object value) {
                    try {
                        g.writeFieldName(name);
                        if (value instanceof String s) {
                            g.writeString(s);
                        } else if (value == null) {
                            g.writeNull();
                        } else {
                            g.writeObject(value);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public void field(String name, long value) {
                    try {
                        g.writeNumberField(name, value);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public void field(String name, boolean value) {
                    try {
                        g.writeBooleanField(name, value);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        g.writeEndObject();
    }

    /** Writes one object's fields. */
    @FunctionalInterface
    interface Writer {
        void writeTo(JsonFields fields);
    }
}
