package io.warrenmq.management.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;

/** The one Jackson mapper of the management API, and streaming writes of response bodies. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {
    }

    /**
     * Writes {@code body} (maps, lists, scalars, Jackson nodes) to {@code out} token by token: no
     * intermediate tree or string of the whole document is built, so a listing of 100k queues costs
     * its items and the output buffers, nothing more.
     */
    public static void write(Object body, OutputStream out) throws IOException {
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.writeObject(body);
        }
    }
}
