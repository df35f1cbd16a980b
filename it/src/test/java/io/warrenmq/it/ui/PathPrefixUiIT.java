package io.warrenmq.it.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.management.ManagementOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With {@code management.path_prefix}, the UI is under the prefix, and the bare prefix redirects to it with a slash. */
class PathPrefixUiIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagement(
            ManagementOptions.ephemeral().withPathPrefix("/rabbitmq")));

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + broker.broker().managementPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servedUnderThePrefix() throws Exception {
        assertEquals(200, get("/rabbitmq/").statusCode());
        assertEquals(200, get("/rabbitmq/js/app.js").statusCode());
        assertEquals(404, get("/js/app.js").statusCode());
        HttpResponse<String> bare = get("/rabbitmq");
        assertEquals(301, bare.statusCode());
        assertEquals("/rabbitmq/", bare.headers().firstValue("location").orElse(null));
    }
}
