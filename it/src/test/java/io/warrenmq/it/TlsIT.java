package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectChannelError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultSaslConfig;
import com.rabbitmq.client.GetResponse;
import io.warrenmq.auth.PasswordHashing;
import io.warrenmq.auth.Permissions;
import io.warrenmq.auth.User;
import io.warrenmq.auth.UserLimits;
import io.warrenmq.server.Broker;
import io.warrenmq.server.BrokerConfig;
import io.warrenmq.server.tls.TlsOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The AMQPS listener with RabbitMQ's {@code ssl_options}, through the Java client and pika, with
 * certificates the test makes: TLS without client certificates; {@code verify_peer} with
 * {@code fail_if_no_peer_cert} refusing a client without one and a client whose certificate a CA
 * the broker does not trust signed; SASL EXTERNAL logging in as the certificate's CN (or its
 * whole DN), and not offered on plain TCP; protocol versions; both TLS providers.
 */
class TlsIT {
    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private static TestCertificates.Issued appCert;
    private static TestCertificates.Issued rogueCert;
    private static TestCertificates.Issued nobodyCert;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = new TestCertificates(dir.resolve("certs"));
        appCert = certs.client("app", "CN=tls-app,O=Warren Tests", certs.ca);
        rogueCert = certs.client("rogue", "CN=tls-app,O=Elsewhere", certs.rogueCa);
        nobodyCert = certs.client("nobody", "CN=nobody,O=Warren Tests", certs.ca);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (IOException | RuntimeException e) {
                // already closed by the broker
            }
        }
    }

    private Broker start(UnaryOperator<TlsOptions> tls, UnaryOperator<BrokerConfig> more) {
        TlsOptions options = tls.apply(TlsOptions.NONE.withPort(0)
                .withFiles(certs.server.certPem(), certs.server.keyPem(), certs.ca.certPem()));
        Broker b = new Broker(more.apply(BrokerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(null)
                .withTls(options))).start();
        opened.add(b);
        // tls-app: no password (EXTERNAL only), may configure tls-* names
        b.users().putUser(new User("tls-app", "", PasswordHashing.SHA256, List.of(), UserLimits.NONE));
        b.users().setPermissions("tls-app", "/", Permissions.of("^tls-", ".*", ".*"));
        return b;
    }

    private Broker verifyingBroker(String provider) {
        return start(t -> t.withVerify(true, true).withProvider(provider),
                c -> c.withAuthMechanisms(List.of("PLAIN", "AMQPLAIN", "EXTERNAL")));
    }

    private Connection tls(Broker b, TestCertificates.Issued client, boolean external) throws Exception {
        return tls(b, certs.clientContext(client, "TLSv1.3"), external);
    }

    private Connection tls(Broker b, SSLContext context, boolean external) throws Exception {
        ConnectionFactory f = EmbeddedBroker.clientFactory(b.tlsPort());
        f.useSslProtocol(context);
        f.enableHostnameVerification();
        if (external) {
            f.setSaslConfig(DefaultSaslConfig.EXTERNAL);
        }
        Connection c = f.newConnection();
        opened.add(c);
        return c;
    }

    private static void roundTrip(Connection c, String queue) throws IOException {
        Channel ch = c.createChannel();
        ch.queueDeclare(queue, false, false, true, null);
        ch.basicPublish("", queue, null, "over tls".getBytes(StandardCharsets.UTF_8));
        GetResponse r = null;
        for (int i = 0; i < 100 && r == null; i++) {
            r = ch.basicGet(queue, true);
        }
        assertEquals("over tls", new String(r.getBody(), StandardCharsets.UTF_8));
    }

    @Test
    void withoutClientCertificatesPlainLoginWorksOverTls() throws Exception {
        Broker b = start(UnaryOperator.identity(), UnaryOperator.identity());
        Connection c = tls(b, (TestCertificates.Issued) null, false);
        roundTrip(c, "tls-plain");
        // the plain TCP listener keeps working beside it
        ConnectionFactory plain = EmbeddedBroker.clientFactory(b.port());
        Connection p = plain.newConnection();
        opened.add(p);
        assertTrue(p.isOpen());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "openssl"})
    void aVerifiedClientCertificateLogsInWithExternalAsItsCommonName(String provider) throws Exception {
        Broker b = verifyingBroker(provider);
        Connection c = tls(b, appCert, true);
        roundTrip(c, "tls-external");
        // the user is tls-app: its permissions apply, and the refusal names it
        Channel ch = c.createChannel();
        AMQP.Channel.Close close = expectChannelError(403, () -> ch.queueDeclare("other", false, false, true, null));
        assertTrue(close.getReplyText().contains("for user 'tls-app'"), close.getReplyText());
        // PLAIN still works on the same listener with a certificate
        Connection guest = tls(b, appCert, false);
        assertTrue(guest.isOpen());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "openssl"})
    void failIfNoPeerCertRefusesAClientWithoutOneAndAnUntrustedOne(String provider) throws Exception {
        Broker b = verifyingBroker(provider);
        assertThrows(IOException.class, () -> tls(b, (TestCertificates.Issued) null, false), "no client certificate");
        assertThrows(IOException.class, () -> tls(b, rogueCert, false), "a certificate from an untrusted CA");
        // and the broker is unharmed: a good client gets in
        assertTrue(tls(b, appCert, true).isOpen());
    }

    @Test
    void externalForACertificateNamingNoUserIsRefused() {
        Broker b = verifyingBroker("auto");
        Exception e = assertThrows(Exception.class, () -> tls(b, nobodyCert, true));
        assertTrue(e instanceof IOException || e instanceof com.rabbitmq.client.AuthenticationFailureException, e.toString());
    }

    /** The management API lists a TLS connection with its session and the client certificate's names. */
    @Test
    void theManagementApiShowsTheTlsSessionAndPeerCertificate() throws Exception {
        Broker b = start(t -> t.withVerify(true, true), c -> c.withAuthMechanisms(List.of("PLAIN", "EXTERNAL"))
                .withManagement(io.warrenmq.management.ManagementOptions.ephemeral()));
        Connection c = tls(b, appCert, true);
        var http = io.warrenmq.it.management.ManagementHttp.at(b.managementPort(), "guest", "guest");
        com.fasterxml.jackson.databind.JsonNode[] found = new com.fasterxml.jackson.databind.JsonNode[1];
        Await.until("the TLS connection is listed", () -> {
            for (var n : http.get("/api/connections").json()) {
                if (n.get("user").asText().equals("tls-app")) {
                    found[0] = n;
                }
            }
            return found[0] != null;
        });
        var n = found[0];
        assertTrue(n.get("ssl").asBoolean(), n::toString);
        assertEquals("tlsv1.3", n.get("ssl_protocol").asText());
        assertTrue(n.get("ssl_cipher").asText().startsWith("TLS_"), n::toString);
        assertEquals("EXTERNAL", n.get("auth_mechanism").asText());
        // RFC 4514 order, the same string ssl_cert_login_from = distinguished_name logs in as (below)
        assertEquals("O=Warren Tests,CN=tls-app", n.get("peer_cert_subject").asText());
        assertTrue(n.get("peer_cert_issuer").asText().contains("CN="), n::toString);
        assertTrue(n.get("peer_cert_validity").asText().contains(" - "), n::toString);
        assertEquals(b.tlsPort(), n.get("port").asInt());
        assertTrue(c.isOpen());
    }

    @Test
    void externalIsNotOfferedOnPlainTcp() {
        Broker b = verifyingBroker("auto");
        ConnectionFactory f = EmbeddedBroker.clientFactory(b.port());
        f.setSaslConfig(DefaultSaslConfig.EXTERNAL);
        IOException e = assertThrows(IOException.class, f::newConnection);
        assertTrue(String.valueOf(e.getMessage()).contains("No compatible authentication mechanism"), e.toString());
    }

    @Test
    void distinguishedNameLoginUsesTheWholeSubject() throws Exception {
        Broker b = start(t -> t.withVerify(true, true), c -> c.withAuthMechanisms(List.of("EXTERNAL", "PLAIN"))
                .withSslCertLoginFrom("distinguished_name"));
        // the certificate's subject was encoded CN first; like RabbitMQ (rabbit_cert_info), the name lists
        // the RDNs last-encoded first, as RFC 4514 does
        String dn = "O=Warren Tests,CN=tls-app";
        b.users().putUser(new User(dn, "", PasswordHashing.SHA256, List.of(), UserLimits.NONE));
        b.users().setPermissions(dn, "/", Permissions.FULL);
        roundTrip(tls(b, appCert, true), "dn-queue");
    }

    @Test
    void versionsRestrictTheProtocol() throws Exception {
        Broker b = start(t -> t.withVersions(List.of("tlsv1.2")), UnaryOperator.identity());
        SSLContext context = certs.clientContext(null, "TLS");
        try (SSLSocket tls13 = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", b.tlsPort())) {
            tls13.setEnabledProtocols(new String[] {"TLSv1.3"});
            assertThrows(SSLHandshakeException.class, tls13::startHandshake, "a TLS 1.3-only client");
        }
        try (SSLSocket any = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", b.tlsPort())) {
            any.startHandshake();
            assertEquals("TLSv1.2", any.getSession().getProtocol());
        }
        assertTrue(tls(b, certs.clientContext(null, "TLSv1.2"), false).isOpen());
    }

    @Test
    void pikaConnectsOverTlsWithPlainAndWithExternal() throws Exception {
        Broker b = verifyingBroker("auto");
        String script = """
                import ssl, sys, pika
                port, ca, cert, key = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
                ctx = ssl.create_default_context(cafile=ca)
                ctx.load_cert_chain(cert, key)
                def connect(credentials):
                    return pika.BlockingConnection(pika.ConnectionParameters(host='localhost', port=port,
                        ssl_options=pika.SSLOptions(ctx, 'localhost'), credentials=credentials))
                c = connect(pika.credentials.ExternalCredentials())
                ch = c.channel()
                ch.queue_declare('tls-pika', auto_delete=True)
                ch.basic_publish('', 'tls-pika', b'from pika')
                method, props, body = None, None, None
                while method is None:
                    method, props, body = ch.basic_get('tls-pika', auto_ack=True)
                print('external', body.decode())
                c.close()
                c = connect(pika.PlainCredentials('guest', 'guest'))
                print('plain', c.is_open)
                c.close()
                """;
        Path py = dir.resolve("tls_client.py");
        java.nio.file.Files.writeString(py, script);
        Process p = new ProcessBuilder("/usr/bin/python3", py.toString(), Integer.toString(b.tlsPort()),
                certs.ca.certPem().toString(), appCert.certPem().toString(), appCert.keyPem().toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("external from pika"), out);
        assertTrue(out.contains("plain True"), out);
    }
}
