package io.warrenmq.server.tls;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;

/**
 * Who a TLS client's verified certificate says it is, for SASL EXTERNAL, as RabbitMQ's
 * {@code ssl_cert_login_from} chooses: {@code common_name} (the subject's CN) or
 * {@code distinguished_name} (the whole subject, RFC 4514 order: "CN=app,O=Example,C=DE").
 *
 * <p>Thread-safety: stateless.
 */
public final class PeerIdentity {
    public static final String COMMON_NAME = "common_name";
    public static final String DISTINGUISHED_NAME = "distinguished_name";

    private PeerIdentity() {
    }

    /** Empty for a plain connection or one whose client sent no certificate. */
    public static Optional<String> of(ChannelPipeline pipeline, String loginFrom) {
        SslHandler ssl = pipeline.get(SslHandler.class);
        if (ssl == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
                return Optional.empty();
            }
            return name(cert.getSubjectX500Principal(), loginFrom);
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty(); // verify_none, or the client sent none
        }
    }

    static Optional<String> name(X500Principal subject, String loginFrom) {
        String dn = subject.getName(X500Principal.RFC2253);
        if (DISTINGUISHED_NAME.equals(loginFrom)) {
            return Optional.of(dn);
        }
        try {
            // the most specific CN (RFC 2253 lists it first)
            java.util.List<Rdn> rdns = new LdapName(dn).getRdns(); // LdapName lists the RDNs right to left
            for (int i = rdns.size() - 1; i >= 0; i--) {
                if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
                    return Optional.of(rdns.get(i).getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
