package io.warrenmq.management.resources.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.warrenmq.management.backend.BrokerRefusal;
import io.warrenmq.management.backend.TopologyBackend;
import io.warrenmq.management.http.ApiException;
import io.warrenmq.management.http.ApiRequest;
import io.warrenmq.management.http.ApiResponse;
import io.warrenmq.management.json.JsonValues;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * What every topology resource does the same way: the vhost check, reading RabbitMQ's loosely typed
 * bodies (rabbitmqadmin v1 sends {@code "durable": "true"}), and answering once the broker has,
 * with its refusal mapped to HTTP as rabbit_mgmt_util's direct_request and with_channel do.
 *
 * <p>Stateless.
 */
final class TopologyRequests {
    private TopologyRequests() {
    }

    /** The request's vhost: it must exist (404) and the user may use it (401), in that order. */
    static String vhost(TopologyBackend topology, ApiRequest req) {
        String vhost = req.var("vhost");
        if (!topology.vhostExists(vhost)) {
            throw ApiException.notFound("vhost_not_found");
        }
        req.principal().requireVhost(vhost);
        return vhost;
    }

    /** An exchange name from a path: the API spells the default exchange {@code amq.default}. */
    static String exchangeName(String fromPath) {
        return "amq.default".equals(fromPath) ? "" : fromPath;
    }

    /** A boolean given as JSON true/false or as the strings "true"/"false" (rabbit_misc:parse_bool). */
    static boolean bool(ObjectNode body, String key, boolean otherwise) {
        JsonNode v = body.get(key);
        if (v == null || v.isNull()) {
            return otherwise;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) {
            return Boolean.parseBoolean(v.asText());
        }
        throw ApiException.badRequest(key + ": " + v + " is not a boolean");
    }

    /** The {@code arguments} object; absent, null or an empty string (older UIs) is none. */
    static Map<String, Object> arguments(ObjectNode body) {
        JsonNode v = body.get("arguments");
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw ApiException.badRequest("arguments must be an object");
        }
        return JsonValues.toMap(v);
    }

    /** The answer once {@code stage} completes: {@code ok} of its value, or its refusal as HTTP. */
    static <T> ApiResponse answer(CompletionStage<T> stage, Function<T, ApiResponse> ok) {
        return ApiResponse.later(stage.handle((v, failure) -> {
            if (failure != null) {
                throw toApi(failure);
            }
            return ok.apply(v);
        }));
    }

    /**
     * A broker refusal as RabbitMQ's management plugin answers it: 404 for NOT_FOUND, 401 for
     * ACCESS_REFUSED and NOT_ALLOWED (the user may not do it), 400 with the reply text otherwise.
     */
    static RuntimeException toApi(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof ApiException api) {
            return api;
        }
        if (cause instanceof BrokerRefusal r) {
            return switch (r.replyCode()) {
                case 404 -> ApiException.notFound(explanation(r.replyText()));
                case 403, 530 -> ApiException.notAuthorised(r.replyText());
                case 400 -> ApiException.badRequest(r.replyText());
                default -> ApiException.badRequest(r.replyCode() + " " + r.replyText());
            };
        }
        return cause instanceof RuntimeException re ? re : new CompletionException(cause);
    }

    /** "NOT_FOUND - no queue 'q' in vhost '/'" without its "NAME - " prefix, as amqp_error's explanation. */
    private static String explanation(String replyText) {
        int dash = replyText.indexOf(" - ");
        return dash > 0 && replyText.substring(0, dash).chars().allMatch(c -> c == '_' || Character.isUpperCase(c))
                ? replyText.substring(dash + 3) : replyText;
    }
}
