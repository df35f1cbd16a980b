package io.warrenmq.it.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warrenmq.it.TestCertificates;
import io.warrenmq.management.ManagementOptions;
import io.warrenmq.server.Broker;
import io.warrenmq.server.BrokerConfig;
import io.warrenmq.server.ConfigLoader;
import io.warrenmq.server.tls.TlsOptions;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's listener settings, each on a broker of its own: HTTPS ({@code management.ssl.*}),
 * {@code management.path_prefix}, {@code management.cors.allow_origins}, and off
 * ({@code --no-management}).
 */
class ManagementListenerIT {
    @TempDir
    static Path dir;

    private static Broker start(UnaryOperator<BrokerConfig> c) {
        return new Broker(c.apply(BrokerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(null)))
                .start();
    }

    @Test
    void httpsOnlyWhenManagementSslIsConfiguredWithoutTcp() throws Exception {
        TestCertificates certs = new TestCertificates(dir.resolve("certs"));
        BrokerConfig fromFile = ConfigLoader.apply(BrokerConfig.defaults().withManagement(ManagementOptions.SERVER_DEFAULTS),
                Map.of("management.ssl.port", "0",
                        "management.ssl.certfile", certs.server.certPem().toString(),
                        "management.ssl.keyfile", certs.server.keyPem().toString(),
                        "management.ssl.cacertfile", certs.ca.certPem().toString(),
                        "management.tcp.ip", "127.0.0.1",
                        "prometheus.tcp.port", "0", "prometheus.tcp.ip", "127.0.0.1"));
        // management.tcp.ip counts as a tcp key: both listeners. Without any tcp key, HTTPS only:
        assertEquals(ManagementOptions.DEFAULT_PORT, fromFile.management().port());
        BrokerConfig httpsOnly = ConfigLoader.apply(BrokerConfig.defaults().withManagement(ManagementOptions.SERVER_DEFAULTS),
                Map.of("management.ssl.port", "0",
                        "management.ssl.certfile", certs.server.certPem().toString(),
                        "management.ssl.keyfile", certs.server.keyPem().toString()));
        assertEquals(-1, httpsOnly.management().port(), "no plain listener, as rabbit_mgmt_app");
        assertEquals(0, httpsOnly.management().httpsPort());

        try (Broker b = start(c -> c.withManagement(httpsOnly.management().withListener("127.0.0.1", -1)
                .withPrometheus(false, "127.0.0.1", 0)).withManagementTls(httpsOnly.managementTls()))) {
            assertEquals(-1, b.managementPort());
            assertTrue(b.managementHttpsPort() > 0);
            ManagementHttp https = ManagementHttp.https(b.managementHttpsPort(), certs.clientContext(null, "TLSv1.3"),
                    "guest", "guest");
            ManagementHttp.Reply r = https.get("/api/whoami");
            assertEquals(200, r.status(), r::toString);
            assertEquals("guest", r.json().get("name").asText());
            // plain HTTP to the HTTPS port is not served
            assertThrows(UncheckedIOException.class,
                    () -> ManagementHttp.at(b.managementHttpsPort(), "guest", "guest").get("/api/whoami"));
        }
    }

    @Test
    void aPathPrefixMovesEveryPath() {
        try (Broker b = start(c -> c.withManagement(ManagementOptions.ephemeral().withPathPrefix("rabbitmq/")))) {
            ManagementHttp http = ManagementHttp.at(b.managementPort(), "guest", "guest");
            assertEquals(200, http.get("/rabbitmq/api/whoami").status());
            assertEquals(404, http.get("/api/whoami").status());
        }
    }

    @Test
    void aBodyOverTheLimitIs400WithRabbitMQsReason() {
        try (Broker b = start(c -> c.withManagement(ManagementOptions.ephemeral().withMaxBodySize(1024)))) {
            ManagementHttp http = ManagementHttp.at(b.managementPort(), "guest", "guest");
            ManagementHttp.Reply r = http.put("/api/whoami", "{\"x\":\"" + "a".repeat(4096) + "\"}");
            assertEquals(400, r.status(), r::toString);
            assertEquals("Exceeded HTTP request body size limit", r.json().get("reason").asText());
            assertEquals(200, http.get("/api/whoami").status(), "a new connection is served as before");
        }
    }

    @Test
    void corsAnswersOnlyAllowedOrigins() throws Exception {
        try (Broker b = start(c -> c.withManagement(ManagementOptions.ephemeral()
                .withCorsOrigins(List.of("https://console.example"))))) {
            var client = java.net.http.HttpClient.newHttpClient();
            var preflight = java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + b.managementPort() + "/api/whoami"))
                    .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://console.example")
                    .header("Access-Control-Request-Method", "GET").build();
            var ok = client.send(preflight, java.net.http.HttpResponse.BodyHandlers.ofString());
            assertTrue(ok.statusCode() < 300, () -> "preflight: " + ok.statusCode());
            assertEquals("https://console.example", ok.headers().firstValue("access-control-allow-origin").orElse(null));
            var other = java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + b.managementPort() + "/api/whoami"))
                    .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://evil.example")
                    .header("Access-Control-Request-Method", "GET").build();
            var refused = client.send(other, java.net.http.HttpResponse.BodyHandlers.ofString());
            assertNull(refused.headers().firstValue("access-control-allow-origin").orElse(null));
        }
    }

    @Test
    void theProcessServesTheApiByDefaultAndNoManagementTurnsItOff() {
        BrokerConfig process = ConfigLoader.fromArgs(new String[] {"--port", "0"});
        assertTrue(process.management().enabled());
        assertEquals(15672, process.management().port());
        assertTrue(process.management().prometheusEnabled());
        assertEquals(15692, process.management().prometheusPort());
        BrokerConfig off = ConfigLoader.fromArgs(new String[] {"--no-management"});
        assertTrue(!off.management().enabled() && !off.management().prometheusEnabled());
        try (Broker b = start(c -> off.management() == null ? c : c.withManagement(off.management()))) {
            assertEquals(-1, b.managementPort());
            assertEquals(-1, b.prometheusPort());
        }
        BrokerConfig library = BrokerConfig.defaults();
        assertTrue(!library.management().enabled(), "the library opens no HTTP port unless asked");
        assertEquals(TlsOptions.DEFAULT_MANAGEMENT_PORT, library.managementTls().port());
    }
}
