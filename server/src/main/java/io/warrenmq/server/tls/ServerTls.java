package io.warrenmq.server.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AMQPS listener's TLS: one Netty {@link SslContext} built from {@link TlsOptions} at start-up
 * (a bad file or option stops the start with a message naming it), and an {@link SslHandler} per
 * accepted connection.
 *
 * <p>Thread-safety: immutable after construction; {@link #newHandler} is called on any event loop.
 */
public final class ServerTls {
    private static final Logger log = LoggerFactory.getLogger(ServerTls.class);

    private final SslContext context;
    private final SslProvider provider;

    private ServerTls(SslContext context, SslProvider provider) {
        this.context = context;
        this.provider = provider;
    }

    /** @throws IllegalArgumentException naming the option or file at fault */
    public static ServerTls create(TlsOptions o) {
        SslProvider provider = provider(o.provider());
        try {
            SslContextBuilder b = SslContextBuilder.forServer(o.certFile().toFile(), o.keyFile().toFile(), o.keyPassword())
                    .sslProvider(provider)
                    .protocols(protocols(o.versions()))
                    .clientAuth(!o.verifyPeer() ? ClientAuth.NONE
                            : o.failIfNoPeerCert() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
            if (o.caCertFile() != null) {
                b.trustManager(o.caCertFile().toFile());
            }
            if (!o.ciphers().isEmpty()) {
                b.ciphers(o.ciphers());
            }
            ServerTls tls = new ServerTls(b.build(), provider);
            log.info("AMQPS with {} TLS ({}), client certificates {}", provider, String.join(", ", o.versions()),
                    !o.verifyPeer() ? "not requested" : o.failIfNoPeerCert() ? "required" : "verified when sent");
            return tls;
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("ssl_options: " + e.getMessage()
                    + " (certfile " + o.certFile() + ", keyfile " + o.keyFile() + ", cacertfile " + o.caCertFile() + ")", e);
        }
    }

    private static SslProvider provider(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "jdk" -> SslProvider.JDK;
            case "openssl" -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalArgumentException("warren.tls.provider = openssl, but netty-tcnative does not load "
                            + "here: " + OpenSsl.unavailabilityCause());
                }
                yield SslProvider.OPENSSL;
            }
            case "auto" -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
            default -> throw new IllegalArgumentException("warren.tls.provider must be auto, jdk or openssl, not " + name);
        };
    }

    /** RabbitMQ writes {@code tlsv1.2}; the providers want {@code TLSv1.2}. */
    private static String[] protocols(List<String> versions) {
        return versions.stream().map(v -> v.toLowerCase(Locale.ROOT).startsWith("tlsv")
                ? "TLSv" + v.substring(4) : v).toArray(String[]::new);
    }

    /** The context itself, for a listener that builds its own handlers (the management API's HTTPS). */
    public SslContext context() {
        return context;
    }

    public SslHandler newHandler(ByteBufAllocator alloc) {
        return context.newHandler(alloc);
    }

    public SslProvider provider() {
        return provider;
    }
}
