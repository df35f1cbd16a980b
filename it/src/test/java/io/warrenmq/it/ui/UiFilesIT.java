package io.warrenmq.it.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.it.management.ManagementHttp;
import io.warrenmq.management.ManagementOptions;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web UI's files over plain HTTP: served without credentials with their content types,
 * entity tags answered 304, gzip when asked, unknown and odd paths 404, and the API still
 * demanding credentials next to them.
 */
class UiFilesIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagement(ManagementOptions.ephemeral()));

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static HttpResponse<byte[]> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + broker.broker().managementPort() + path));
        headers.forEach(b::header);
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void theLoginPageNeedsNoCredentials() throws Exception {
        HttpResponse<byte[]> r = get("/", Map.of());
        assertEquals(200, r.statusCode());
        assertEquals("text/html; charset=utf-8", r.headers().firstValue("content-type").orElseThrow());
        assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains("js/app.js"));
        assertEquals("DENY", r.headers().firstValue("x-frame-options").orElse(null));
        assertTrue(r.headers().firstValue("content-security-policy").orElse("").contains("frame-ancestors 'none'"));
        assertEquals(401, ManagementHttp.at(broker.broker().managementPort(), "x", "y").anonymous()
                .get("/api/overview").status());
    }

    @Test
    void scriptsStylesAndChartJsHaveTheirTypes() throws Exception {
        assertEquals("text/javascript; charset=utf-8", get("/js/app.js", Map.of()).headers()
                .firstValue("content-type").orElseThrow());
        assertEquals("text/javascript; charset=utf-8", get("/js/pages/queue.js", Map.of()).headers()
                .firstValue("content-type").orElseThrow());
        assertEquals("text/css; charset=utf-8", get("/app.css", Map.of()).headers()
                .firstValue("content-type").orElseThrow());
        HttpResponse<byte[]> chart = get("/vendor/chart.js", Map.of());
        assertEquals(200, chart.statusCode());
        assertTrue(new String(chart.body(), StandardCharsets.UTF_8).contains("Chart"), "the Chart.js UMD build");
    }

    @Test
    void anEntityTagThatMatchesIs304WithoutABody() throws Exception {
        HttpResponse<byte[]> first = get("/js/app.js", Map.of());
        String etag = first.headers().firstValue("etag").orElse(null);
        assertNotNull(etag);
        HttpResponse<byte[]> again = get("/js/app.js", Map.of("If-None-Match", etag));
        assertEquals(304, again.statusCode());
        assertEquals(0, again.body().length);
        assertEquals(200, get("/js/app.js", Map.of("If-None-Match", "\"other\"")).statusCode());
    }

    @Test
    void gzipWhenTheClientAcceptsIt() throws Exception {
        HttpResponse<byte[]> plain = get("/vendor/chart.js", Map.of());
        HttpResponse<byte[]> zipped = get("/vendor/chart.js", Map.of("Accept-Encoding", "gzip"));
        assertEquals("gzip", zipped.headers().firstValue("content-encoding").orElse(null));
        assertTrue(zipped.body().length < plain.body().length / 2, "compressed");
        byte[] unzipped = new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes();
        assertEquals(plain.body().length, unzipped.length);
    }

    @Test
    void unknownAndOddPathsAre404() throws Exception {
        for (String p : new String[] {"/nope.js", "/js/../../META-INF/MANIFEST.MF", "/js/%2e%2e/index.html",
                "/io/warrenmq/management/ManagementServer.class", "/js/", "/webjars/chart.js/4.5.1/dist/chart.js"}) {
            HttpResponse<byte[]> r = get(p, Map.of());
            assertEquals(404, r.statusCode(), p);
        }
    }

    @Test
    void postingToAFileIs405() throws Exception {
        HttpResponse<byte[]> r = CLIENT.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + broker.broker().managementPort() + "/index.html"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(405, r.statusCode());
    }
}
