package io.warrenmq.management.backend;

import java.util.Map;

/**
 * One open AMQP connection as the API sees it (rabbit_reader's infos, rabbit_mgmt_format): a
 * snapshot of facts fixed at connection.open and of the figures the connection publishes.
 *
 * @param name RabbitMQ's connection name, {@code "peer_host:peer_port -> host:port"}
 * @param clientProperties what the client sent in connection.start-ok, as JSON values
 * @param state running, blocking, blocked or closing
 * @param channelMax the negotiated channel_max
 * @param timeout the negotiated heartbeat, in seconds
 * @param tls the TLS facts, or null on a plain connection
 * @param recvOct octets read from the socket so far
 * @param recvCnt socket reads so far
 * @param recvOctRate octets read per second over the last sampling interval
 * @param sendPend octets written but not yet taken by the socket (RabbitMQ's send_pend)
 * @param protocol {@code "AMQP 0-9-1"} or {@code "AMQP 1-0"}
 */
public record ConnectionView(String name, String user, String vhost, long connectedAt,
        Map<String, Object> clientProperties, String state, String host, int port, String peerHost, int peerPort,
        int channelMax, int frameMax, int timeout, String authMechanism, int channels, TlsView tls,
        long recvOct, long recvCnt, long sendOct, long sendCnt, double recvOctRate, double sendOctRate, long sendPend,
        String protocol) {

    /**
     * The TLS session of a connection (RabbitMQ's ssl_protocol, ssl_key_exchange, ssl_cipher,
     * ssl_hash and peer_cert_*); the peer certificate fields are null when the client sent none.
     */
    public record TlsView(String protocol, String cipherSuite, String peerCertSubject, String peerCertIssuer,
            String peerCertValidity) {
    }
}
