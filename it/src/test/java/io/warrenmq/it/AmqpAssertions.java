package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.ShutdownSignalException;
import org.junit.jupiter.api.function.Executable;

/**
 * Assertions on how the broker closes channels and connections.
 *
 * <p>AMQP 0-9-1 §1.2 distinguishes <em>soft</em> errors, which close only the channel
 * ({@code channel.close}), from <em>hard</em> errors, which close the whole connection
 * ({@code connection.close}). The Java client reports both as a {@link ShutdownSignalException}
 * whose {@code isHardError()} says which, and whose reason is the broker's close method carrying
 * the reply code. Thread-safety: stateless.
 */
public final class AmqpAssertions {
    private AmqpAssertions() {
    }

    /**
     * Runs {@code action}, which must itself fail because the broker closed its channel with
     * {@code replyCode}; checks the connection survived.
     */
    public static AMQP.Channel.Close expectChannelError(int replyCode, Executable action) {
        ShutdownSignalException signal = runCapturingShutdown(action);
        if (signal == null) {
            return fail("expected the broker to close the channel with " + replyCode + ", but the call succeeded");
        }
        Connection connection = signal.getReference() instanceof Channel channel ? channel.getConnection() : null;
        return assertChannelClosed(replyCode, signal, connection);
    }

    /**
     * Runs {@code action} on {@code channel} and expects the broker to close that channel (only) with
     * {@code replyCode}. Asynchronous commands (publish, ack, ...) get no reply, so when the action
     * itself returns normally a synchronous round trip on the same channel surfaces the close.
     */
    public static AMQP.Channel.Close expectChannelError(int replyCode, Channel channel, Executable action) {
        ShutdownSignalException signal = runCapturingShutdown(action);
        if (signal == null) {
            signal = runCapturingShutdown(() -> channel.basicQos(0));
        }
        if (signal == null) {
            return fail("expected the broker to close channel " + channel.getChannelNumber() + " with "
                    + replyCode + ", but the channel stayed open");
        }
        return assertChannelClosed(replyCode, signal, channel.getConnection());
    }

    /**
     * Runs {@code action} and expects the broker to close {@code connection} with {@code replyCode}
     * (a hard error), whether the action fails synchronously or the close arrives later.
     */
    public static AMQP.Connection.Close expectConnectionError(int replyCode, Connection connection, Executable action) {
        runCapturingShutdown(action);
        Await.until("the broker to close the connection with " + replyCode, () -> !connection.isOpen());
        return assertConnectionClosed(replyCode, connection.getCloseReason());
    }

    /** Checks that {@code signal} is the broker closing a connection with {@code replyCode}. */
    public static AMQP.Connection.Close assertConnectionClosed(int replyCode, ShutdownSignalException signal) {
        assertTrue(signal != null, "connection has no close reason");
        assertFalse(signal.isInitiatedByApplication(),
                () -> "the client closed the connection, not the broker: " + describe(signal));
        assertTrue(signal.isHardError(), () -> "expected a connection error " + replyCode + " but got " + describe(signal));
        Method reason = signal.getReason();
        if (!(reason instanceof AMQP.Connection.Close close)) {
            return fail("expected connection.close " + replyCode + " from the broker but the connection ended with "
                    + describe(signal), signal);
        }
        assertEquals(replyCode, close.getReplyCode(), () -> "connection.close reply code (text: " + close.getReplyText() + ")");
        return close;
    }

    private static AMQP.Channel.Close assertChannelClosed(int replyCode, ShutdownSignalException signal,
                                                          Connection connection) {
        assertFalse(signal.isHardError(),
                () -> "expected a channel error " + replyCode + " but the connection was closed: " + describe(signal));
        assertFalse(signal.isInitiatedByApplication(),
                () -> "the client closed the channel, not the broker: " + describe(signal));
        Method reason = signal.getReason();
        if (!(reason instanceof AMQP.Channel.Close close)) {
            return fail("expected channel.close " + replyCode + " but got " + describe(signal), signal);
        }
        assertEquals(replyCode, close.getReplyCode(), () -> "channel.close reply code (text: " + close.getReplyText() + ")");
        if (connection != null) {
            // spec: a channel exception closes the channel only; the connection stays usable
            assertTrue(connection.isOpen(), () -> "connection closed after a channel error: " + connection.getCloseReason());
            try {
                connection.createChannel().close();
            } catch (Exception e) {
                fail("connection unusable after a channel error", e);
            }
        }
        return close;
    }

    /** Runs the action; returns the shutdown signal it failed with, or null if it succeeded. */
    static ShutdownSignalException runCapturingShutdown(Executable action) {
        try {
            action.execute();
            return null;
        } catch (Throwable thrown) {
            ShutdownSignalException signal = findShutdownSignal(thrown);
            if (signal == null) {
                return fail("expected a channel/connection close from the broker but got " + thrown, thrown);
            }
            return signal;
        }
    }

    static ShutdownSignalException findShutdownSignal(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException signal) {
                return signal;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    static String describe(ShutdownSignalException signal) {
        return (signal.isHardError() ? "connection" : "channel") + " shutdown, reason="
                + signal.getReason() + ", cause=" + signal.getCause();
    }
}
