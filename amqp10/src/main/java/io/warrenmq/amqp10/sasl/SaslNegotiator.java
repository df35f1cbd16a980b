package io.warrenmq.amqp10.sasl;

import io.warrenmq.amqp10.codec.SaslFrame;
import io.warrenmq.amqp10.codec.Types.Symbol;
import io.warrenmq.server.connection.Authenticator;
import io.warrenmq.server.protocol.ProtocolHost;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The server side of the SASL layer (spec security.xml 5.3): offers PLAIN, and ANONYMOUS only
 * when an anonymous user is configured (RabbitMQ's {@code anonymous_login_user}; off by default
 * here, as a broker open to anyone should be a choice). PLAIN is checked by the broker's own
 * authenticator, so failures are counted and logged as 0-9-1's are. No SCRAM: qpid-jms would pick
 * it over PLAIN, and RabbitMQ-format password hashes cannot serve it.
 *
 * <p>Thread-safety: immutable.
 */
public final class SaslNegotiator {
    public static final String PLAIN = "PLAIN";
    public static final String ANONYMOUS = "ANONYMOUS";

    private final ProtocolHost host;
    private final String anonymousUser;

    /** {@code anonymousUser}: who an ANONYMOUS login is, or null to not offer ANONYMOUS. */
    public SaslNegotiator(ProtocolHost host, String anonymousUser) {
        this.host = host;
        this.anonymousUser = anonymousUser;
    }

    public SaslFrame.Mechanisms mechanisms() {
        List<Symbol> m = new ArrayList<>();
        m.add(Symbol.of(PLAIN));
        if (anonymousUser != null) {
            m.add(Symbol.of(ANONYMOUS));
        }
        return new SaslFrame.Mechanisms(m);
    }

    /** Whether a connection without the SASL layer is let in (as the anonymous user). */
    public Optional<String> withoutSasl() {
        return Optional.ofNullable(anonymousUser).filter(host::userExists);
    }

    /** The authenticated user, or a refusal reason (for the log only, never sent to the client). */
    public Authenticator.Login authenticate(SaslFrame.Init init, SocketAddress remote) {
        String mechanism = init.mechanism().value();
        if (mechanism.equals(ANONYMOUS) && anonymousUser != null) {
            return host.userExists(anonymousUser) ? new Authenticator.Login.Accepted(anonymousUser)
                    : new Authenticator.Login.Refused(anonymousUser, "the anonymous user does not exist");
        }
        if (mechanism.equals(PLAIN)) {
            return host.authenticate(PLAIN, init.initialResponse(), remote);
        }
        return new Authenticator.Login.Refused(null, "mechanism " + mechanism + " was not offered");
    }
}
