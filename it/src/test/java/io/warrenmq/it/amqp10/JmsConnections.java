package io.warrenmq.it.amqp10;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * The qpid-jms connections a test opens to the broker on {@code port} (read at each connect, so a
 * restarted broker on a new port is reached), started, with a client ID when one is given, and
 * closed together by {@link #closeAll()} after each test. Thread-safety: one test thread.
 */
final class JmsConnections {
    private final IntSupplier port;
    private final List<Connection> open = new ArrayList<>();

    JmsConnections(IntSupplier port) {
        this.port = port;
    }

    /** A started connection as guest; {@code clientId} may be null; {@code options} are URI query parts ("&..."). */
    Connection connect(String clientId, String options) throws JMSException {
        return connect(clientId, "guest", "guest", options);
    }

    Connection connect(String clientId, String user, String password, String options) throws JMSException {
        Connection c = new JmsConnectionFactory(user, password, "amqp://127.0.0.1:" + port.getAsInt()
                + "?jms.connectTimeout=10000" + options).createConnection();
        open.add(c);
        if (clientId != null) {
            c.setClientID(clientId);
        }
        c.start();
        return c;
    }

    /** An auto-acknowledge session on a new connection. */
    Session session(String clientId, String options) throws JMSException {
        return connect(clientId, options).createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    /** Closes every connection opened so far; one the broker already closed is skipped. */
    void closeAll() {
        for (Connection c : open) {
            try {
                c.close();
            } catch (JMSException alreadyGone) {
                // closed by the broker, or gone with it
            }
        }
        open.clear();
    }
}
