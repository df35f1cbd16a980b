package io.warrenmq.server.tls;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code rabbitmq.conf} keys of the AMQPS listener: {@code listeners.ssl.default},
 * {@code ssl_options.certfile|keyfile|cacertfile|password|verify|fail_if_no_peer_cert},
 * {@code ssl_options.versions.N}, {@code ssl_options.ciphers.N}, and Warren's
 * {@code warren.tls.provider}. Collects them (the numbered lists in N order) into one
 * {@link TlsOptions}.
 *
 * <p>Not thread-safe: one per configuration read.
 */
public final class TlsSettings {
    /** The AMQPS listener's keys. */
    private static final String AMQPS = "ssl_options.";
    /** The management API's HTTPS keys, the same names under {@code management.ssl.} (RabbitMQ's). */
    private static final String MANAGEMENT = "management.ssl.";

    private final String prefix;
    private TlsOptions options;
    private final Map<Integer, String> versions = new TreeMap<>();
    private final Map<Integer, String> ciphers = new TreeMap<>();

    /** The AMQPS listener's settings ({@code listeners.ssl.default}, {@code ssl_options.*}). */
    public TlsSettings(TlsOptions start) {
        this(start, AMQPS);
    }

    private TlsSettings(TlsOptions start, String prefix) {
        this.options = start;
        this.prefix = prefix;
    }

    /** The management API's HTTPS settings: {@code management.ssl.port}, {@code management.ssl.certfile} ... */
    public static TlsSettings management(TlsOptions start) {
        return new TlsSettings(start, MANAGEMENT);
    }

    public static boolean handles(String key) {
        return key.startsWith(AMQPS) || key.equals("listeners.ssl.default") || key.equals("listeners.ssl.1")
                || key.equals("warren.tls.provider");
    }

    public static boolean handlesManagement(String key) {
        return key.startsWith(MANAGEMENT);
    }

    /** Whether any key was set (for management: HTTPS was asked for). */
    public boolean touched() {
        return touched;
    }

    private boolean touched;

    /** @throws IllegalArgumentException for an unknown key or a bad value, naming it */
    public void set(String key, String v) {
        touched = true;
        String original = key;
        if (prefix.equals(MANAGEMENT)) {
            String rest = key.substring(MANAGEMENT.length());
            if (rest.equals("port")) {
                options = options.withPort(port(key, v));
                return;
            }
            if (rest.equals("ip")) {
                throw new IllegalArgumentException(key + " is not supported: the HTTPS listener binds management.tcp.ip");
            }
            key = AMQPS + rest; // the same option names, checked by the same code below
        }
        switch (key) {
            case "listeners.ssl.default", "listeners.ssl.1" -> options = options.withPort(port(key, v));
            case "ssl_options.certfile" -> options = options.withFiles(Path.of(v), options.keyFile(), options.caCertFile());
            case "ssl_options.keyfile" -> options = options.withFiles(options.certFile(), Path.of(v), options.caCertFile());
            case "ssl_options.cacertfile" -> options = options.withFiles(options.certFile(), options.keyFile(), Path.of(v));
            case "ssl_options.password" -> options = options.withKeyPassword(v);
            case "ssl_options.verify" -> options = options.withVerify(switch (v) {
                case "verify_peer" -> true;
                case "verify_none" -> false;
                default -> throw new IllegalArgumentException(key + " must be verify_peer or verify_none, not " + v);
            }, options.failIfNoPeerCert());
            case "ssl_options.fail_if_no_peer_cert" -> options = options.withVerify(options.verifyPeer(), bool(key, v));
            case "warren.tls.provider" -> options = options.withProvider(v);
            default -> {
                if (key.startsWith("ssl_options.versions.")) {
                    versions.put(index(key, "ssl_options.versions."), v);
                } else if (key.startsWith("ssl_options.ciphers.")) {
                    ciphers.put(index(key, "ssl_options.ciphers."), v);
                } else {
                    throw new IllegalArgumentException("unknown setting '" + original + "'");
                }
            }
        }
    }

    public TlsOptions options() {
        TlsOptions o = options;
        if (!versions.isEmpty()) {
            o = o.withVersions(new ArrayList<>(versions.values()));
        }
        if (!ciphers.isEmpty()) {
            o = o.withCiphers(new ArrayList<>(ciphers.values()));
        }
        if ((o.keyFile() != null || o.caCertFile() != null) && o.certFile() == null) {
            throw new IllegalArgumentException(prefix + "keyfile or cacertfile set without " + prefix + "certfile");
        }
        if (o.certFile() != null && o.keyFile() == null) {
            throw new IllegalArgumentException(prefix + "certfile set without " + prefix + "keyfile");
        }
        if (o.verifyPeer() && o.caCertFile() == null && o.certFile() != null) {
            throw new IllegalArgumentException(prefix + "verify = verify_peer needs " + prefix + "cacertfile");
        }
        return o;
    }

    /** Numbered list keys (auth_mechanisms.1, ssl_options.versions.2, ...). */
    public static int index(String key, String prefix) {
        try {
            return Integer.parseInt(key.substring(prefix.length()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": expected " + prefix + "N with N a number");
        }
    }

    private static int port(String key, String v) {
        int colon = v.lastIndexOf(':');
        String p = colon >= 0 ? v.substring(colon + 1) : v;
        try {
            return Integer.parseInt(p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a port number, not " + v);
        }
    }

    private static boolean bool(String key, String v) {
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, not " + v);
        };
    }

    /** For auth_mechanisms.N: the values in N order. */
    public static List<String> ordered(Map<Integer, String> numbered) {
        return new ArrayList<>(new TreeMap<>(numbered).values());
    }
}
