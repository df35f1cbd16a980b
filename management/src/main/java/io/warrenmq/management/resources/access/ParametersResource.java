package io.warrenmq.management.resources.access;

import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.http.ApiException;
import io.warrenmq.management.http.ApiRequest;
import io.warrenmq.management.http.ApiResponse;
import io.warrenmq.management.http.Router;
import io.warrenmq.management.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runtime parameters, global parameters and the cluster name (rabbit_mgmt_wm_parameters,
 * _parameter, _global_parameters, _global_parameter, _cluster_name).
 *
 * <p>Warren has no component that runtime parameters configure (RabbitMQ's come from plugins:
 * shovel, federation, MQTT...), so the lists are empty and a PUT is refused with 400 naming why,
 * as RabbitMQ refuses a parameter of a component it does not have ("component ... not found").
 * Vhost limits and operator policies, which RabbitMQ also keeps as parameters, have their own
 * endpoints here. Global parameters are kept as RabbitMQ keeps them: any name, any JSON value,
 * durable; {@code cluster_name} is one of them.
 *
 * <p>Parameters need a policymaker (in the vhost, for a vhost's); the cluster name is readable
 * by any management user and changed by administrators.
 *
 * <p>Stateless.
 */
public final class ParametersResource {
    private static final String CLUSTER_NAME = "cluster_name";

    private final ManagementBackend backend;

    private ParametersResource(ManagementBackend backend) {
        this.backend = backend;
    }

    public static void register(Router r, ManagementBackend backend) {
        ParametersResource p = new ParametersResource(backend);
        r.get("/api/parameters", p::listAll);
        r.get("/api/parameters/{component}", p::listAll);
        r.get("/api/parameters/{component}/{vhost}", p::listVhost);
        r.get("/api/parameters/{component}/{vhost}/{name}", p::get);
        r.put("/api/parameters/{component}/{vhost}/{name}", p::put);
        r.delete("/api/parameters/{component}/{vhost}/{name}", p::get);
        r.get("/api/global-parameters", p::listGlobal);
        r.get("/api/global-parameters/{name}", p::getGlobal);
        r.put("/api/global-parameters/{name}", p::putGlobal);
        r.delete("/api/global-parameters/{name}", p::deleteGlobal);
        r.get("/api/cluster-name", p::getClusterName);
        r.put("/api/cluster-name", p::putClusterName);
    }

    private static void requirePolicymaker(Principal p) {
        if (!p.isPolicymaker()) {
            throw ApiException.notAuthorised("Not policymaker user");
        }
    }

    private ApiResponse listAll(ApiRequest req) {
        requirePolicymaker(req.principal());
        return ApiResponse.list(List.of(), "vhost", "component", "name");
    }

    private ApiResponse listVhost(ApiRequest req) {
        String vhost = req.var("vhost");
        req.principal().requirePolicymaker(vhost);
        if (backend.vhosts().vhost(vhost) == null) {
            throw ApiException.notFound();
        }
        return ApiResponse.list(List.of(), "vhost", "component", "name");
    }

    /** GET and DELETE of one parameter: there are none. */
    private ApiResponse get(ApiRequest req) {
        req.principal().requirePolicymaker(req.var("vhost"));
        throw ApiException.notFound();
    }

    private ApiResponse put(ApiRequest req) {
        String vhost = req.var("vhost");
        req.principal().requirePolicymaker(vhost);
        req.json(); // a body that is not JSON is refused as such first, as RabbitMQ does
        if (backend.vhosts().vhost(vhost) == null) {
            throw ApiException.notFound("vhost_not_found");
        }
        String component = req.var("component");
        String reason = switch (component) {
            case "shovel" -> "Warren has no shovel plugin yet: component shovel not found";
            case "federation-upstream", "federation-upstream-set" ->
                    "Warren has no federation plugin yet: component " + component + " not found";
            case "vhost-limits" -> "set vhost limits with PUT /api/vhost-limits/{vhost}/{name}";
            case "operator_policy" -> "set operator policies with PUT /api/operator-policies/{vhost}/{name}";
            default -> "component " + component + " not found";
        };
        throw ApiException.badRequest("Validation failed\n\n" + reason);
    }

    private static Map<String, Object> globalParameter(String name, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("value", value);
        return m;
    }

    private ApiResponse listGlobal(ApiRequest req) {
        requirePolicymaker(req.principal());
        List<Map<String, Object>> items = new java.util.ArrayList<>();
        backend.vhosts().globalParameters().forEach((name, value) -> items.add(globalParameter(name, value)));
        return ApiResponse.list(items, "name");
    }

    private ApiResponse getGlobal(ApiRequest req) {
        requirePolicymaker(req.principal());
        String name = req.var("name");
        Map<String, Object> all = backend.vhosts().globalParameters();
        if (!all.containsKey(name)) {
            throw ApiException.notFound();
        }
        return ApiResponse.ok(globalParameter(name, all.get(name)));
    }

    /** rabbit_mgmt_wm_global_parameter: any JSON value under any name; 201 if new, 204 if replaced. */
    private ApiResponse putGlobal(ApiRequest req) {
        requirePolicymaker(req.principal());
        String name = req.var("name");
        Object value = io.warrenmq.management.json.JsonValues.toJava(Bodies.required(req.json(), "value"));
        return Changes.run(backend, () -> {
            try {
                return ApiResponse.putResult(backend.vhosts().putGlobalParameter(name, value));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        });
    }

    /** 204; 404 if it was not set. Deleting cluster_name brings back the configured name. */
    private ApiResponse deleteGlobal(ApiRequest req) {
        requirePolicymaker(req.principal());
        String name = req.var("name");
        return Changes.run(backend, () -> {
            if (!backend.vhosts().deleteGlobalParameter(name)) {
                throw ApiException.notFound();
            }
            return ApiResponse.noContent();
        });
    }

    private ApiResponse getClusterName(ApiRequest req) {
        return ApiResponse.ok(Map.of("name", backend.vhosts().clusterName()));
    }

    private ApiResponse putClusterName(ApiRequest req) {
        req.principal().requireAdmin();
        String name = Bodies.requiredString(req.json(), "name");
        if (name.isEmpty()) {
            throw ApiException.badRequest("cluster name must not be empty");
        }
        return Changes.run(backend, () -> {
            backend.vhosts().putGlobalParameter(CLUSTER_NAME, name);
            return ApiResponse.noContent();
        });
    }
}
