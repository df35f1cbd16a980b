package io.warrenmq.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a definitions document named as {@code classpath:path/defs.json}, {@code file:/abs/defs.json} or a file path. */
final class DefinitionsLocation {
    private static final String CLASSPATH = "classpath:";
    private static final String FILE = "file:";

    private DefinitionsLocation() {
    }

    static byte[] read(String location, ClassLoader loader) {
        if (location.startsWith(CLASSPATH)) {
            String path = location.substring(CLASSPATH.length());
            path = path.startsWith("/") ? path.substring(1) : path;
            try (InputStream in = loader.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalArgumentException("definitions '" + location + "': no resource '" + path
                            + "' on the class path");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("definitions '" + location + "': " + e.getMessage(), e);
            }
        }
        Path file = Path.of(location.startsWith(FILE) ? location.substring(FILE.length()) : location);
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("definitions '" + location + "': no file " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("definitions '" + location + "': " + e.getMessage(), e);
        }
    }
}
