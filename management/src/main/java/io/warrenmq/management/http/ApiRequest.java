package io.warrenmq.management.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.warrenmq.management.json.Json;
import io.warrenmq.management.security.Principal;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * One API request as a handler sees it: the template's variables (already percent-decoded), the
 * query parameters, the headers, the body and the authenticated user.
 */
public final class ApiRequest {
    private final HttpMethod method;
    private final String path;
    private final Map<String, String> variables;
    private final Map<String, List<String>> query;
    private final HttpHeaders headers;
    private final byte[] body;
    private final InetSocketAddress peer;
    private final Principal principal;

    public ApiRequest(HttpMethod method, String path, Map<String, String> variables, Map<String, List<String>> query,
            HttpHeaders headers, byte[] body, InetSocketAddress peer, Principal principal) {
        this.method = method;
        this.path = path;
        this.variables = variables;
        this.query = query;
        this.headers = headers;
        this.body = body;
        this.peer = peer;
        this.principal = principal;
    }

    public HttpMethod method() {
        return method;
    }

    /** The path after the prefix, as sent (not decoded). */
    public String path() {
        return path;
    }

    /** A variable of the route's template, such as {@code vhost}; null when the template has none of that name. */
    public String var(String name) {
        return variables.get(name);
    }

    /** The first value of a query parameter, or null. */
    public String query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public Map<String, List<String>> queryParameters() {
        return query;
    }

    public boolean queryFlag(String name) {
        return "true".equals(query(name));
    }

    public String header(String name) {
        return headers.get(name);
    }

    public HttpHeaders headers() {
        return headers;
    }

    public byte[] body() {
        return body;
    }

    public InetSocketAddress peer() {
        return peer;
    }

    public Principal principal() {
        return principal;
    }

    /**
     * The body as a JSON object, as rabbit_mgmt_util:decode reads it: an empty body, {@code null}
     * and {@code undefined} are {}; anything but an object is 400.
     */
    public ObjectNode json() {
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).trim();
        if (text.isEmpty() || text.equals("null") || text.equals("undefined")) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw ApiException.badRequest("not_json");
        }
        if (node instanceof ObjectNode o) {
            return o;
        }
        if (node != null && node.isTextual()) {
            throw ApiException.badRequest("invalid payload: the request body JSON-decoded to a string. "
                    + "Is the input doubly-JSON-encoded?");
        }
        throw ApiException.badRequest("not_json");
    }
}
