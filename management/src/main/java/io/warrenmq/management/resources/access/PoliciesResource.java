package io.warrenmq.management.resources.access;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.backend.PolicyView;
import io.warrenmq.management.http.ApiException;
import io.warrenmq.management.http.ApiRequest;
import io.warrenmq.management.http.ApiResponse;
import io.warrenmq.management.http.Router;
import io.warrenmq.management.json.Json;
import io.warrenmq.management.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/policies} and {@code /api/operator-policies} (rabbit_mgmt_wm_policies, _policy,
 * _operator_policies, _operator_policy). A policy is validated and applied by the broker's
 * policy package ({@code VirtualHosts.setPolicy}), so it takes effect on existing queues and
 * exchanges at once, as {@code rabbitmqctl set_policy} and imports do. The definition keeps its
 * JSON types both ways (Terraform compares them).
 *
 * <p>Policies: the lists show the vhosts the user may access; one policy needs a policymaker
 * with access to its vhost. Operator policies are for administrators only, as in RabbitMQ.
 *
 * <p>Stateless; changes run on the backend's change executor.
 */
public final class PoliciesResource {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final ManagementBackend backend;
    private final boolean operator;

    private PoliciesResource(ManagementBackend backend, boolean operator) {
        this.backend = backend;
        this.operator = operator;
    }

    public static void register(Router r, ManagementBackend backend) {
        for (boolean operator : new boolean[] {false, true}) {
            PoliciesResource p = new PoliciesResource(backend, operator);
            String base = operator ? "/api/operator-policies" : "/api/policies";
            r.get(base, p::listAll);
            r.get(base + "/{vhost}", p::listVhost);
            r.get(base + "/{vhost}/{name}", p::get);
            r.put(base + "/{vhost}/{name}", p::put);
            r.delete(base + "/{vhost}/{name}", p::delete);
        }
    }

    static Map<String, Object> format(PolicyView p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vhost", p.vhost());
        m.put("name", p.name());
        m.put("pattern", p.pattern());
        m.put("apply-to", p.applyTo());
        m.put("definition", p.definition());
        m.put("priority", p.priority());
        return m;
    }

    private void requireRead(Principal p, String vhost) {
        if (operator) {
            p.requireAdmin();
        } else {
            p.requireVhost(vhost);
        }
    }

    private void requireWrite(Principal p, String vhost) {
        if (operator) {
            p.requireAdmin();
        } else {
            p.requirePolicymaker(vhost);
        }
    }

    private ApiResponse listAll(ApiRequest req) {
        if (operator) {
            req.principal().requireAdmin();
        }
        List<Map<String, ?>> out = new ArrayList<>();
        for (PolicyView p : backend.vhosts().policies(null, operator)) {
            if (Visibility.canSee(req.principal(), p.vhost())) {
                out.add(format(p));
            }
        }
        return ApiResponse.list(out, "vhost", "name");
    }

    private ApiResponse listVhost(ApiRequest req) {
        String vhost = req.var("vhost");
        requireRead(req.principal(), vhost);
        if (backend.vhosts().vhost(vhost) == null) {
            throw ApiException.notFound();
        }
        List<Map<String, ?>> out = new ArrayList<>();
        backend.vhosts().policies(vhost, operator).forEach(p -> out.add(format(p)));
        return ApiResponse.list(out, "vhost", "name");
    }

    private ApiResponse get(ApiRequest req) {
        String vhost = req.var("vhost");
        String name = req.var("name");
        requireWrite(req.principal(), vhost);
        for (PolicyView p : backend.vhosts().policies(vhost, operator)) {
            if (p.name().equals(name)) {
                return ApiResponse.ok(format(p));
            }
        }
        throw ApiException.notFound();
    }

    private ApiResponse put(ApiRequest req) {
        String vhost = req.var("vhost");
        String name = req.var("name");
        requireWrite(req.principal(), vhost);
        ObjectNode body = req.json();
        String pattern = Bodies.requiredString(body, "pattern");
        JsonNode definitionNode = Bodies.required(body, "definition");
        if (!definitionNode.isObject()) {
            throw ApiException.badRequest("definition must be a JSON object");
        }
        Map<String, Object> definition = Json.MAPPER.convertValue(definitionNode, MAP);
        JsonNode priorityNode = body.get("priority");
        long priority = priorityNode == null || priorityNode.isNull() ? 0 : Bodies.integer(priorityNode, "priority");
        String applyTo = Bodies.string(body, "apply-to", "all");
        return Changes.run(backend, () -> ApiResponse.putResult(
                backend.vhosts().putPolicy(vhost, name, pattern, applyTo, priority, definition, operator)));
    }

    private ApiResponse delete(ApiRequest req) {
        String vhost = req.var("vhost");
        String name = req.var("name");
        requireWrite(req.principal(), vhost);
        return Changes.run(backend, () -> {
            if (!backend.vhosts().deletePolicy(vhost, name, operator)) {
                throw ApiException.notFound();
            }
            return ApiResponse.noContent();
        });
    }
}
