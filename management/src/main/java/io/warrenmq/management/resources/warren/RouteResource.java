package io.warrenmq.management.resources.warren;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.warrenmq.auth.Access;
import io.warrenmq.auth.Permissions;
import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.backend.RoutingBackend.RouteOutcome;
import io.warrenmq.management.http.ApiException;
import io.warrenmq.management.http.ApiRequest;
import io.warrenmq.management.http.ApiResponse;
import io.warrenmq.management.json.JsonValues;
import io.warrenmq.management.resources.access.Bodies;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/warren/route}: where a message would go. Body {@code {vhost, exchange,
 * routing_key, headers}}; answer {@code {"routed": bool, "queues": [...], "exchanges": [...]}}.
 *
 * <p>Who may ask: the vhost must exist (404 {@code vhost_not_found}), the user needs access to it
 * and write permission on the exchange, as a publish does (401 otherwise), so the tester reveals
 * nothing a publish would not. Topic permissions are not checked: nothing is published.
 *
 * <p>Thread-safety: stateless; runs on the management loop.
 */
final class RouteResource {
    private final ManagementBackend backend;

    RouteResource(ManagementBackend backend) {
        this.backend = backend;
    }

    ApiResponse route(ApiRequest req) {
        ObjectNode body = req.json();
        String vhost = Bodies.requiredString(body, "vhost");
        String exchange = Bodies.string(body, "exchange", "");
        if (exchange.equals("amq.default")) {
            exchange = "";
        }
        String routingKey = Bodies.string(body, "routing_key", "");
        JsonNode headersNode = body.get("headers");
        if (headersNode != null && !headersNode.isNull() && !headersNode.isObject()) {
            throw ApiException.badRequest("headers must be an object");
        }
        if (!backend.topology().vhostExists(vhost)) {
            throw ApiException.notFound("vhost_not_found");
        }
        req.principal().requireVhost(vhost);
        String user = req.principal().name();
        Permissions p = backend.users().snapshot().permissions(user, vhost);
        if (p == null || !p.allows(Access.WRITE, exchange)) {
            throw ApiException.notAuthorised(String.format(
                    "access to exchange '%s' in vhost '%s' refused for user '%s'",
                    exchange.isEmpty() ? "amq.default" : exchange, vhost, user));
        }
        Map<String, Object> headers = headersNode == null || headersNode.isNull()
                ? Map.of() : JsonValues.toMap(headersNode);
        RouteOutcome outcome;
        try {
            outcome = backend.routing().route(vhost, exchange, routingKey, headers);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("headers: " + e.getMessage());
        }
        if (outcome == null) {
            throw ApiException.notFound("exchange_not_found");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("routed", !outcome.queues().isEmpty());
        out.put("queues", outcome.queues());
        out.put("exchanges", outcome.exchanges().stream().map(x -> x.isEmpty() ? "amq.default" : x).toList());
        return ApiResponse.ok(out);
    }
}
