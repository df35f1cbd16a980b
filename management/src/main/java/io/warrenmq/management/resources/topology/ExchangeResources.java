package io.warrenmq.management.resources.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.warrenmq.management.backend.BindingView;
import io.warrenmq.management.backend.ExchangeDeclaration;
import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.backend.TopologyBackend;
import io.warrenmq.management.http.ApiException;
import io.warrenmq.management.http.ApiRequest;
import io.warrenmq.management.http.ApiResponse;
import io.warrenmq.management.http.Router;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Changing one exchange (rabbit_mgmt_wm_exchange) and listing its bindings
 * (rabbit_mgmt_wm_bindings's exchange_source / exchange_destination modes). PUT is exchange.declare
 * ({@code type} defaults to direct, as the method's does), DELETE is exchange.delete with
 * {@code ?if-unused=true}; the default exchange is {@code amq.default} in paths.
 *
 * <p>Thread-safety: stateless; runs on the management loop, answers when the broker has.
 */
final class ExchangeResources {
    private final TopologyBackend topology;

    private ExchangeResources(ManagementBackend backend) {
        this.topology = backend.topology();
    }

    static void register(Router r, ManagementBackend backend) {
        ExchangeResources x = new ExchangeResources(backend);
        r.put("/api/exchanges/{vhost}/{name}", x::declare);
        r.delete("/api/exchanges/{vhost}/{name}", x::delete);
        r.get("/api/exchanges/{vhost}/{name}/bindings/source", req -> x.bindings(req, true));
        r.get("/api/exchanges/{vhost}/{name}/bindings/destination", req -> x.bindings(req, false));
    }

    private ApiResponse declare(ApiRequest req) {
        String vhost = TopologyRequests.vhost(topology, req);
        String name = TopologyRequests.exchangeName(req.var("name"));
        ObjectNode body = req.json();
        String type = body.path("type").asText("direct");
        ExchangeDeclaration d = new ExchangeDeclaration(name, type, TopologyRequests.bool(body, "durable", false),
                TopologyRequests.bool(body, "auto_delete", false), TopologyRequests.bool(body, "internal", false),
                TopologyRequests.arguments(body));
        boolean existed = topology.exchange(vhost, name) != null;
        return TopologyRequests.answer(topology.declareExchange(req.principal().name(), vhost, d),
                v -> ApiResponse.putResult(!existed));
    }

    /** The exchange the path names (vhost checked first); 404 when there is none. */
    private String existing(ApiRequest req) {
        String vhost = TopologyRequests.vhost(topology, req);
        String name = TopologyRequests.exchangeName(req.var("name"));
        if (topology.exchange(vhost, name) == null) {
            throw ApiException.notFound();
        }
        return name;
    }

    private ApiResponse delete(ApiRequest req) {
        String name = existing(req);
        return TopologyRequests.answer(topology.deleteExchange(req.principal().name(), req.var("vhost"), name,
                req.queryFlag("if-unused")), v -> ApiResponse.noContent());
    }

    /** The bindings with this exchange as their source, or as their destination. */
    private ApiResponse bindings(ApiRequest req, boolean asSource) {
        String name = existing(req); // 404 before listing, even when nothing would match
        Predicate<BindingView> which = asSource ? b -> b.source().equals(name)
                : b -> b.destinationType().equals("exchange") && b.destination().equals(name);
        List<Map<String, Object>> items = topology.bindings(req.var("vhost")).stream().filter(which)
                .map(TopologyJson::binding).toList();
        return ApiResponse.list(items);
    }
}
