package io.warrenmq.server.activity;

import java.util.Map;

/**
 * What is fixed about an AMQP connection once connection.open succeeded: who, where, what was
 * negotiated (RabbitMQ's rabbit_reader infos that never change).
 *
 * @param name RabbitMQ's connection name, {@code "peer_host:peer_port -> host:port"}
 * @param clientProperties connection.start-ok's client properties, as JSON values
 * @param heartbeat the negotiated heartbeat, in seconds (RabbitMQ's {@code timeout})
 * @param tls the TLS session facts, or null on a plain connection
 * @param protocol RabbitMQ's name for it in the management API: {@code "AMQP 0-9-1"} or {@code "AMQP 1-0"}
 */
public record ConnectionFacts(String name, String user, String vhost, long connectedAt,
        Map<String, Object> clientProperties, String host, int port, String peerHost, int peerPort,
        int channelMax, int frameMax, int heartbeat, String authMechanism, TlsFacts tls, String protocol) {
    public static final String AMQP_0_9_1 = "AMQP 0-9-1";
    public static final String AMQP_1_0 = "AMQP 1-0";

    /** An AMQP 0-9-1 connection's facts. */
    public ConnectionFacts(String name, String user, String vhost, long connectedAt,
            Map<String, Object> clientProperties, String host, int port, String peerHost, int peerPort,
            int channelMax, int frameMax, int heartbeat, String authMechanism, TlsFacts tls) {
        this(name, user, vhost, connectedAt, clientProperties, host, port, peerHost, peerPort, channelMax, frameMax,
                heartbeat, authMechanism, tls, AMQP_0_9_1);
    }

    /** The TLS session: protocol, cipher suite, and the peer certificate's names (null without one). */
    public record TlsFacts(String protocol, String cipherSuite, String peerCertSubject, String peerCertIssuer,
            String peerCertValidity) {
    }

    /** RabbitMQ's name for a connection between two socket addresses. */
    public static String name(String peerHost, int peerPort, String host, int port) {
        return peerHost + ":" + peerPort + " -> " + host + ":" + port;
    }

    /**
     * The facts of a connection that just opened on {@code ch}; TLS facts from its SslHandler, if
     * any. On the connection's loop.
     */
    public static ConnectionFacts of(io.netty.channel.Channel ch, String user, String vhost,
            Map<String, Object> clientProperties, int channelMax, int frameMax, int heartbeat, String mechanism) {
        return of(ch, user, vhost, clientProperties, channelMax, frameMax, heartbeat, mechanism, AMQP_0_9_1);
    }

    /** The same for a connection of {@code protocol} (an extension's, such as AMQP 1.0). */
    public static ConnectionFacts of(io.netty.channel.Channel ch, String user, String vhost,
            Map<String, Object> clientProperties, int channelMax, int frameMax, int heartbeat, String mechanism,
            String protocol) {
        java.net.InetSocketAddress local = (java.net.InetSocketAddress) ch.localAddress();
        java.net.InetSocketAddress remote = (java.net.InetSocketAddress) ch.remoteAddress();
        String host = local.getAddress().getHostAddress();
        String peerHost = remote.getAddress().getHostAddress();
        return new ConnectionFacts(name(peerHost, remote.getPort(), host, local.getPort()), user, vhost,
                System.currentTimeMillis(), clientProperties, host, local.getPort(), peerHost, remote.getPort(),
                channelMax, frameMax, heartbeat, mechanism, tls(ch), protocol);
    }

    private static TlsFacts tls(io.netty.channel.Channel ch) {
        io.netty.handler.ssl.SslHandler ssl = ch.pipeline().get(io.netty.handler.ssl.SslHandler.class);
        if (ssl == null) {
            return null;
        }
        javax.net.ssl.SSLSession session = ssl.engine().getSession();
        String subject = null;
        String issuer = null;
        String validity = null;
        try {
            java.security.cert.Certificate[] chain = session.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof java.security.cert.X509Certificate cert) {
                // RabbitMQ writes these as RFC 4514 names and "not_before - not_after" in UTC
                subject = cert.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253);
                issuer = cert.getIssuerX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253);
                validity = cert.getNotBefore().toInstant() + " - " + cert.getNotAfter().toInstant();
            }
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            // no client certificate: the peer_cert_* fields stay null
        }
        return new TlsFacts(protocolName(session.getProtocol()), session.getCipherSuite(), subject, issuer, validity);
    }

    /** RabbitMQ shows the protocol as Erlang names it: 'tlsv1.3', 'tlsv1.2'. */
    static String protocolName(String jsse) {
        return jsse == null ? null : jsse.toLowerCase(java.util.Locale.ROOT);
    }
}
