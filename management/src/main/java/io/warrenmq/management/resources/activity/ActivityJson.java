package io.warrenmq.management.resources.activity;

import io.warrenmq.management.backend.ChannelView;
import io.warrenmq.management.backend.ConnectionView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Connections, channels and consumers as RabbitMQ's management API writes them
 * (rabbit_mgmt_format, rabbit_reader and rabbit_channel infos): field names and JSON types as
 * tools read them.
 *
 * <p>Thread-safety: stateless; the views it formats are immutable snapshots.
 */
final class ActivityJson {
    private ActivityJson() {
    }

    static Map<String, Object> connection(ConnectionView c, String node) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("node", node);
        m.put("type", "network");
        m.put("protocol", c.protocol());
        m.put("user", c.user());
        m.put("user_who_performed_action", c.user());
        m.put("vhost", c.vhost());
        m.put("connected_at", c.connectedAt());
        m.put("client_properties", c.clientProperties());
        m.put("state", c.state());
        m.put("host", c.host());
        m.put("port", c.port());
        m.put("peer_host", c.peerHost());
        m.put("peer_port", c.peerPort());
        m.put("auth_mechanism", c.authMechanism());
        m.put("channel_max", c.channelMax());
        m.put("channels", c.channels());
        m.put("frame_max", c.frameMax());
        m.put("timeout", c.timeout());
        ConnectionView.TlsView tls = c.tls();
        m.put("ssl", tls != null);
        // as RabbitMQ: the keys are there on a plain connection too, null
        m.put("ssl_protocol", tls == null ? null : tls.protocol());
        m.put("ssl_key_exchange", tls == null ? null : keyExchange(tls.cipherSuite()));
        m.put("ssl_cipher", tls == null ? null : tls.cipherSuite());
        m.put("ssl_hash", null);
        m.put("peer_cert_subject", tls == null ? null : tls.peerCertSubject());
        m.put("peer_cert_issuer", tls == null ? null : tls.peerCertIssuer());
        m.put("peer_cert_validity", tls == null ? null : tls.peerCertValidity());
        m.put("recv_oct", c.recvOct());
        m.put("recv_oct_details", rate(c.recvOctRate()));
        m.put("recv_cnt", c.recvCnt());
        m.put("send_oct", c.sendOct());
        m.put("send_oct_details", rate(c.sendOctRate()));
        m.put("send_cnt", c.sendCnt());
        m.put("send_pend", c.sendPend());
        return m;
    }

    /** The key exchange named in a JSSE suite ({@code TLS_ECDHE_RSA_WITH_...}); TLS 1.3 suites name none. */
    private static String keyExchange(String suite) {
        if (suite == null || !suite.startsWith("TLS_") || !suite.contains("_WITH_")) {
            return null;
        }
        return suite.substring(4, suite.indexOf("_WITH_")).toLowerCase(java.util.Locale.ROOT);
    }

    static Map<String, Object> rate(double rate) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rate", rate);
        return m;
    }

    /** The connection_details of a channel. */
    private static Map<String, Object> connectionDetails(ConnectionView c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("peer_host", c.peerHost());
        m.put("peer_port", c.peerPort());
        return m;
    }

    static Map<String, Object> channel(ChannelView ch, String node, boolean withConsumers) {
        ConnectionView c = ch.connection();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", ch.name());
        m.put("number", ch.number());
        m.put("node", node);
        m.put("user", c.user());
        m.put("user_who_performed_action", c.user());
        m.put("vhost", c.vhost());
        m.put("connection_details", connectionDetails(c));
        m.put("state", ch.state());
        m.put("consumer_count", ch.consumers().size());
        m.put("confirm", ch.confirm());
        m.put("transactional", ch.transactional());
        m.put("prefetch_count", ch.prefetchCount());
        m.put("global_prefetch_count", ch.globalPrefetchCount());
        m.put("messages_unacknowledged", ch.messagesUnacknowledged());
        m.put("messages_unconfirmed", ch.messagesUnconfirmed());
        m.put("messages_uncommitted", ch.messagesUncommitted());
        m.put("acks_uncommitted", ch.acksUncommitted());
        m.put("pending_raft_commands", 0);
        m.put("message_stats", messageStats(ch.stats()));
        if (withConsumers) {
            List<Map<String, Object>> consumers = new ArrayList<>();
            for (ChannelView.ConsumerView cv : ch.consumers()) {
                consumers.add(consumer(cv, ch, node));
            }
            m.put("consumer_details", consumers);
        }
        return m;
    }

    /**
     * message_stats: counts since the channel opened, each with a {@code _details.rate} over the
     * channel's last rate window (measured when the channel is looked at: 0.0 at the first look).
     */
    private static Map<String, Object> messageStats(ChannelView.Stats s) {
        ChannelView.Rates r = s.rates();
        Map<String, Object> m = new LinkedHashMap<>();
        stat(m, "publish", s.publish(), r.publish());
        stat(m, "confirm", s.confirm(), r.confirm());
        stat(m, "return_unroutable", s.returnUnroutable(), r.returnUnroutable());
        stat(m, "deliver", s.deliver(), r.deliver());
        stat(m, "deliver_no_ack", s.deliverNoAck(), r.deliverNoAck());
        stat(m, "get", s.get(), r.get());
        stat(m, "get_no_ack", s.getNoAck(), r.getNoAck());
        stat(m, "deliver_get", s.deliver() + s.deliverNoAck() + s.get() + s.getNoAck(),
                r.deliver() + r.deliverNoAck() + r.get() + r.getNoAck());
        stat(m, "redeliver", s.redeliver(), r.redeliver());
        stat(m, "ack", s.ack(), r.ack());
        return m;
    }

    private static void stat(Map<String, Object> m, String key, long value, double rate) {
        m.put(key, value);
        m.put(key + "_details", rate(rate));
    }

    static Map<String, Object> consumer(ChannelView.ConsumerView cv, ChannelView ch, String node) {
        ConnectionView c = ch.connection();
        Map<String, Object> queue = new LinkedHashMap<>();
        queue.put("name", cv.queueName());
        queue.put("vhost", cv.queueVhost());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", ch.name());
        details.put("number", ch.number());
        details.put("connection_name", c.name());
        details.put("peer_host", c.peerHost());
        details.put("peer_port", c.peerPort());
        details.put("user", c.user());
        details.put("node", node);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("consumer_tag", cv.tag());
        m.put("queue", queue);
        m.put("channel_details", details);
        m.put("ack_required", cv.ackRequired());
        m.put("exclusive", cv.exclusive());
        m.put("prefetch_count", cv.prefetchCount());
        m.put("arguments", cv.arguments());
        m.put("active", cv.active());
        m.put("activity_status", cv.activityStatus());
        m.put("consumer_timeout", cv.consumerTimeout());
        return m;
    }
}
