package io.warrenmq.server.connection;

import io.netty.channel.Channel;
import io.netty.channel.local.LocalChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client connection's life at info level, as RabbitMQ logs it: accepted (peer and local address),
 * authenticated and granted a vhost (user, vhost, the client-provided name), closed. Failed logins
 * are logged where they are refused (a warning with the user and the reason). The management API's
 * in-JVM sessions are one HTTP request each and are not logged here.
 *
 * <p>Thread-safety: stateless; called from the connection's event loop.
 */
final class ConnectionLog {
    private static final Logger log = LoggerFactory.getLogger(ConnectionLog.class);

    private ConnectionLog() {
    }

    static String name(Channel ch) {
        return ch.remoteAddress() + " -> " + ch.localAddress();
    }

    static void accepted(Channel ch) {
        if (!(ch instanceof LocalChannel)) {
            log.info("accepting AMQP connection {}", name(ch));
        }
    }

    static void opened(Channel ch, String user, String vhost, Object clientName) {
        if (!(ch instanceof LocalChannel)) {
            log.info("connection {}{}: user '{}' authenticated and granted access to vhost '{}'", name(ch),
                    clientName == null ? "" : " (" + clientName + ")", user, vhost);
        }
    }

    static void closed(Channel ch, String user, String vhost) {
        if (!(ch instanceof LocalChannel)) {
            if (user == null) {
                log.info("connection {} closed before it was open", name(ch));
            } else {
                log.info("connection {} closed (user '{}', vhost '{}')", name(ch), user, vhost);
            }
        }
    }
}
