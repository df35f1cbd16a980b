package io.warrenmq.it.management;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * A real HTTP client (the JDK's) for the management API, as a tool would use it: Basic auth,
 * JSON bodies. {@link #as} gives a client for another user.
 *
 * <p>Thread-safety: immutable; the underlying {@link HttpClient} is shareable.
 */
public final class ManagementHttp {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final HttpClient client;
    private final String base;
    private final String authorization;

    private ManagementHttp(String base, String authorization) {
        this(CLIENT, base, authorization);
    }

    private ManagementHttp(HttpClient client, String base, String authorization) {
        this.client = client;
        this.base = base;
        this.authorization = authorization;
    }

    /** {@code https://localhost:PORT} as {@code user}, trusting what {@code tls} trusts. */
    public static ManagementHttp https(int port, javax.net.ssl.SSLContext tls, String user, String password) {
        HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(tls).build();
        return new ManagementHttp(c, "https://localhost:" + port, basic(user, password));
    }

    /** {@code http://127.0.0.1:PORT} as {@code user}. */
    public static ManagementHttp at(int port, String user, String password) {
        return new ManagementHttp("http://127.0.0.1:" + port, basic(user, password));
    }

    public ManagementHttp as(String user, String password) {
        return new ManagementHttp(client, base, basic(user, password));
    }

    /** Without credentials. */
    public ManagementHttp anonymous() {
        return new ManagementHttp(client, base, null);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** What the server answered. */
    public record Reply(int status, HttpResponse<String> response) {
        public String body() {
            return response.body();
        }

        public JsonNode json() {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + response.body(), e);
            }
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + response.body();
        }
    }

    public Reply get(String path) {
        return send("GET", path, null);
    }

    public Reply delete(String path) {
        return send("DELETE", path, null);
    }

    public Reply put(String path, String json) {
        return send("PUT", path, json);
    }

    public Reply post(String path, String json) {
        return send("POST", path, json);
    }

    /** {@code path} as it goes on the wire (already percent-encoded: {@code /api/queues/%2F/q}). */
    public Reply send(String method, String path, String json) {
        return send(method, path, json, java.util.Map.of());
    }

    /** As {@link #send(String, String, String)}, with extra request headers ({@code X-Reason}, say). */
    public Reply send(String method, String path, String json, java.util.Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
