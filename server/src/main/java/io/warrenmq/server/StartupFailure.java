package io.warrenmq.server;

/**
 * The broker could not start for a reason an operator fixes (a port taken, a data directory that
 * cannot be used): its message is the one line {@code Main} prints before exiting non-zero, so it
 * names the setting to change. Everything the broker had opened is closed again when it is thrown,
 * the data directory's lock included.
 */
public final class StartupFailure extends IllegalStateException {
    public StartupFailure(String message, Throwable cause) {
        super(message, cause);
    }

    static StartupFailure portInUse(int port, String settings, Throwable cause) {
        return new StartupFailure("port " + port + " is in use by another process; set " + settings, cause);
    }
}
