package io.warrenmq.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data directory holds stored messages but no readable definitions (the queues, exchanges,
 * bindings and users they belong to): the store refuses to open rather than start with an empty
 * topology, because the next save would make the loss permanent without anyone having been told.
 * {@link StoreOptions#withStartWithoutDefinitions} opens it anyway (the messages stay on disk).
 */
public final class MissingDefinitionsException extends IOException {
    private final long storedMessages;

    public MissingDefinitionsException(Path directory, long storedMessages, String why) {
        super("the data directory " + directory + " holds " + storedMessages + " stored messages but no definitions: "
                + why + "; restore the definitions file, or start once with --start-without-definitions to open it "
                + "with an empty topology (the messages stay on disk, belonging to no queue)");
        this.storedMessages = storedMessages;
    }

    public long storedMessages() {
        return storedMessages;
    }
}
