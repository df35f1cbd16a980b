package io.warrenmq.bench;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a client connects and as whom: an {@code amqp://user:pass@host:port/vhost} URI, as
 * RabbitMQ's clients and PerfTest take it (the vhost is the URI path, percent-decoded, so
 * {@code /%2F} is the default vhost {@code /}; an empty path also means {@code /}).
 *
 * <p>Thread-safety: immutable.
 */
record BrokerAddress(String host, int port, String user, String password, String vhost) {

    static final int DEFAULT_PORT = 5672;

    static BrokerAddress defaults() {
        return new BrokerAddress("localhost", DEFAULT_PORT, "guest", "guest", "/");
    }

    /** Parses {@code amqp://[user[:pass]@]host[:port][/vhost]}. */
    static BrokerAddress parse(String uri) {
        URI u = URI.create(uri);
        if (!"amqp".equals(u.getScheme())) {
            throw new IllegalArgumentException("not an amqp:// URI: " + uri);
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException("no host in " + uri);
        }
        String user = "guest";
        String password = "guest";
        String userInfo = u.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        }
        String path = u.getRawPath();
        String vhost = path == null || path.isEmpty() || path.equals("/") ? "/" : decode(path.substring(1));
        return new BrokerAddress(u.getHost(), u.getPort() < 0 ? DEFAULT_PORT : u.getPort(), user, password, vhost);
    }

    BrokerAddress withHost(String newHost) {
        return new BrokerAddress(newHost, port, user, password, vhost);
    }

    BrokerAddress withPort(int newPort) {
        return new BrokerAddress(host, newPort, user, password, vhost);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "amqp://" + user + "@" + host + ":" + port + "/" + (vhost.equals("/") ? "%2F" : vhost);
    }
}
