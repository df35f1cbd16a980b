package io.warrenmq.server.parameters;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * RabbitMQ's global runtime parameters ({@code rabbitmqctl set_global_parameter},
 * {@code /api/global-parameters}): named JSON values for the whole broker. {@code cluster_name} is
 * one of them; until it is set it is the configured name, and deleting it brings that back, as
 * RabbitMQ falls back to its node-derived name.
 *
 * <p>Durable in {@code <data dir>/global-parameters.json} (written to a temporary file, forced,
 * then renamed over the old one, so a crash leaves the old or the new set, never half of one);
 * in memory without a data directory. Why a file of its own, not the definitions copies: those are
 * queue-store's binary format for the topology, and global parameters are a handful of JSON
 * values that change once in a blue moon.
 *
 * <p>Thread-safety: synchronized; read by connection handshakes (cluster_name in connection.start)
 * and the management API, written by the API and definitions imports.
 */
public final class GlobalParameters {
    public static final String CLUSTER_NAME = "cluster_name";
    static final String FILE = "global-parameters.json";

    /** Why a holder: an in-memory broker (a test's) never loads Jackson, which costs ~40 ms of start-up. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final String defaultClusterName;
    private final Path file;
    private final TreeMap<String, Object> values = new TreeMap<>();

    private GlobalParameters(String defaultClusterName, Path file) {
        this.defaultClusterName = defaultClusterName;
        this.file = file;
    }

    /** In memory only. */
    public static GlobalParameters inMemory(String defaultClusterName) {
        return new GlobalParameters(defaultClusterName, null);
    }

    /** Kept in {@code dataDir}; reads what an earlier run stored there. */
    @SuppressWarnings("unchecked")
    public static GlobalParameters open(Path dataDir, String defaultClusterName) {
        GlobalParameters g = new GlobalParameters(defaultClusterName, dataDir.resolve(FILE));
        if (Files.exists(g.file)) {
            try {
                g.values.putAll(Json.MAPPER.readValue(g.file.toFile(), Map.class));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + g.file, e);
            }
        }
        return g;
    }

    /** Every parameter, by name, cluster_name included (its default when never set). */
    public synchronized Map<String, Object> all() {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach(out::put);
        out.putIfAbsent(CLUSTER_NAME, defaultClusterName);
        return out;
    }

    public synchronized Optional<Object> get(String name) {
        if (CLUSTER_NAME.equals(name)) {
            return Optional.of(clusterName());
        }
        return Optional.ofNullable(values.get(name));
    }

    /** What is explicitly set under {@code name}: empty for cluster_name at its default. */
    public synchronized Optional<Object> stored(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public synchronized String clusterName() {
        return values.get(CLUSTER_NAME) instanceof String s ? s : defaultClusterName;
    }

    /**
     * Sets a parameter; true if it did not exist before (for a 201 rather than 204).
     *
     * @throws IllegalArgumentException for an empty name or a cluster_name that is not a non-empty string
     */
    public synchronized boolean put(String name, Object value) {
        check(name, value);
        boolean created = !values.containsKey(name) && !CLUSTER_NAME.equals(name);
        Object before = values.put(name, value);
        try {
            save();
        } catch (UncheckedIOException e) {
            if (before == null) {
                values.remove(name);
            } else {
                values.put(name, before);
            }
            throw e;
        }
        return created;
    }

    /** The validation {@link #put} applies, on its own (definitions imports check everything first). */
    public static void check(String name, Object value) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a global parameter needs a name");
        }
        if (name.length() > 255) {
            throw new IllegalArgumentException("global parameter name longer than 255 characters");
        }
        if (CLUSTER_NAME.equals(name) && !(value instanceof String s && !s.isEmpty())) {
            throw new IllegalArgumentException("cluster_name must be a non-empty string");
        }
    }

    /** Clears a parameter; false if it was not set. cluster_name goes back to its default. */
    public synchronized boolean delete(String name) {
        if (CLUSTER_NAME.equals(name)) {
            Object before = values.remove(name);
            if (before != null) {
                save();
            }
            return true;
        }
        if (values.remove(name) == null) {
            return false;
        }
        save();
        return true;
    }

    private void save() {
        if (file == null) {
            return;
        }
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try {
            Files.write(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(values));
            try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                c.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
