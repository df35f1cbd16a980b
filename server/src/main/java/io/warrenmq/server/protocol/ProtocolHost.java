package io.warrenmq.server.protocol;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.warrenmq.server.connection.Authenticator;
import java.net.SocketAddress;

/**
 * The broker as another protocol sees it: authentication, and in-JVM 0-9-1 connections through
 * which everything else goes (declare, publish, consume, settle), so the same permission checks,
 * validation, confirms and flow control apply to both protocols without a second copy.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public interface ProtocolHost {
    /** Checks a SASL response with the broker's authenticator (PLAIN's is the same as 0-9-1's). */
    Authenticator.Login authenticate(String mechanism, byte[] response, SocketAddress remote);

    /** Whether {@code user} exists (for an ANONYMOUS login mapped onto a configured user). */
    boolean userExists(String user);

    /** The vhost a connection gets when it names none. */
    String defaultVhost();

    /** The largest message body the broker takes ({@code max_message_size}). */
    long maxMessageSize();

    /**
     * Opens an in-JVM AMQP 0-9-1 connection to the broker with {@code handler} as its pipeline (the
     * management API's direct listener); the handler logs in with {@link #internalMechanism()} and
     * {@link #internalResponse(String)} for a user that was already authenticated.
     */
    ChannelFuture connectInternal(ChannelHandler handler);

    /**
     * The arguments a queue was declared with, or empty when {@code vhost} has no such queue. Read
     * only, no permission checked: what a caller then does with the queue goes through a 0-9-1
     * connection and its checks. (The AMQP 1.0 module keeps a JMS subscription's definition in its
     * queue's arguments, which redeclare does not compare, and reads it back here.)
     */
    java.util.Optional<io.warrenmq.codec.types.FieldTable> queueArguments(String vhost, String queue);

    /**
     * Registers a filter for a consumer of an internal connection: the returned token, passed as
     * basic.consume's {@code x-warren-consumer-filter} argument, makes the queue give that consumer
     * only the messages {@code filter} accepts and keep the rest for others. Unregister it when the
     * consumer is gone.
     */
    String registerConsumerFilter(io.warrenmq.server.queue.ConsumerFilter filter);

    void unregisterConsumerFilter(String token);

    /**
     * Lists an open connection of the extension's protocol beside the 0-9-1 ones (the management
     * API's /api/connections, closing it from there, the Prometheus connection count); call
     * {@link #connectionClosed} when it ends. On the connection's loop.
     */
    io.warrenmq.server.activity.LiveConnection connectionOpened(io.warrenmq.server.activity.ConnectionFacts facts,
            io.netty.channel.Channel socket, io.warrenmq.server.activity.LiveConnection.Control control);

    void connectionClosed(io.warrenmq.server.activity.LiveConnection connection);

    /** The start-ok mechanism of an internal connection. */
    String internalMechanism();

    /** The start-ok response that logs {@code user} in on an internal connection. */
    byte[] internalResponse(String user);
}
