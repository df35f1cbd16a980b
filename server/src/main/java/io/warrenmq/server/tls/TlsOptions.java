package io.warrenmq.server.tls;

import java.nio.file.Path;
import java.util.List;

/**
 * RabbitMQ's {@code listeners.ssl.default} and {@code ssl_options.*}: where the AMQPS listener
 * listens and with which certificate, key and trust anchors; whether it asks clients for a
 * certificate ({@code verify = verify_peer}) and refuses those without one
 * ({@code fail_if_no_peer_cert}); which protocol versions and cipher suites it allows (empty: the
 * provider's defaults among TLS 1.2 and 1.3, as RabbitMQ's).
 *
 * <p>{@code provider}: Warren's own {@code warren.tls.provider}: {@code auto} uses OpenSSL
 * (BoringSSL, netty-tcnative) when it loads on this platform and the JDK's provider otherwise;
 * {@code jdk} and {@code openssl} force one.
 *
 * <p>Immutable.
 */
public record TlsOptions(int port, Path certFile, Path keyFile, String keyPassword, Path caCertFile, boolean verifyPeer,
        boolean failIfNoPeerCert, List<String> versions, List<String> ciphers, String provider) {

    /** RabbitMQ's AMQPS port. */
    public static final int DEFAULT_PORT = 5671;
    /** RabbitMQ's HTTPS port for the management API ({@code management.ssl.port}). */
    public static final int DEFAULT_MANAGEMENT_PORT = 15671;
    /** RabbitMQ's default {@code ssl_options.versions}: TLS 1.3 and 1.2. */
    public static final List<String> DEFAULT_VERSIONS = List.of("TLSv1.3", "TLSv1.2");

    public TlsOptions {
        versions = List.copyOf(versions);
        ciphers = List.copyOf(ciphers);
        provider = provider == null ? "auto" : provider;
    }

    /** No AMQPS listener until a certificate is configured; RabbitMQ's defaults otherwise. */
    public static final TlsOptions NONE = new TlsOptions(DEFAULT_PORT, null, null, null, null, false, false,
            DEFAULT_VERSIONS, List.of(), "auto");

    public boolean enabled() {
        return certFile != null;
    }

    public TlsOptions withPort(int p) {
        return new TlsOptions(p, certFile, keyFile, keyPassword, caCertFile, verifyPeer, failIfNoPeerCert, versions,
                ciphers, provider);
    }

    /** The server's certificate chain and key (PEM), and the CA file clients' certificates are checked against. */
    public TlsOptions withFiles(Path cert, Path key, Path caCert) {
        return new TlsOptions(port, cert, key, keyPassword, caCert, verifyPeer, failIfNoPeerCert, versions, ciphers,
                provider);
    }

    public TlsOptions withKeyPassword(String password) {
        return new TlsOptions(port, certFile, keyFile, password, caCertFile, verifyPeer, failIfNoPeerCert, versions,
                ciphers, provider);
    }

    public TlsOptions withVerify(boolean peer, boolean failIfNoCert) {
        return new TlsOptions(port, certFile, keyFile, keyPassword, caCertFile, peer, failIfNoCert, versions, ciphers,
                provider);
    }

    public TlsOptions withVersions(List<String> v) {
        return new TlsOptions(port, certFile, keyFile, keyPassword, caCertFile, verifyPeer, failIfNoPeerCert, v, ciphers,
                provider);
    }

    public TlsOptions withCiphers(List<String> c) {
        return new TlsOptions(port, certFile, keyFile, keyPassword, caCertFile, verifyPeer, failIfNoPeerCert, versions,
                c, provider);
    }

    public TlsOptions withProvider(String p) {
        return new TlsOptions(port, certFile, keyFile, keyPassword, caCertFile, verifyPeer, failIfNoPeerCert, versions,
                ciphers, p);
    }
}
