package io.warrenmq.store;

import java.nio.file.Path;

/**
 * Another {@link DurableStore} (in this process or another one) holds the data directory's
 * {@code LOCK} file.
 *
 * <p>Thread-safety: immutable.
 */
public final class StoreLockedException extends RuntimeException {
    private final transient Path directory;

    public StoreLockedException(Path directory, String detail) {
        super("store directory " + directory + " is locked by another store instance or process" + detail);
        this.directory = directory;
    }

    /** The locked data directory. */
    public Path directory() {
        return directory;
    }
}
