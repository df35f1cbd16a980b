package io.warrenmq.server.vhost;

/** An open connection to a vhost, as the vhost registry sees it: something it can force closed. */
public interface VhostConnection {
    /** Closes the connection with 320 CONNECTION_FORCED and {@code reason}; any thread. */
    void forceClose(String reason);
}
