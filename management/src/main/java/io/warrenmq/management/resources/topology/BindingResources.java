package io.warrenmq.management.resources.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.warrenmq.management.backend.BindingView;
import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.backend.TopologyBackend;
import io.warrenmq.management.http.ApiException;
import io.warrenmq.management.http.ApiRequest;
import io.warrenmq.management.http.ApiResponse;
import io.warrenmq.management.http.Router;
import io.warrenmq.management.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/bindings} (rabbit_mgmt_wm_bindings, rabbit_mgmt_wm_binding): every binding, a vhost's,
 * those between one source and one destination ({@code e} for exchange, {@code q} for queue),
 * creating one (POST: 201 with a relative {@code Location} naming it by its properties_key, which
 * Terraform reads), and reading or deleting one by properties_key ({@link PropertiesKey}).
 *
 * <p>Thread-safety: stateless; runs on the management loop, answers when the broker has.
 */
final class BindingResources {
    private static final String BETWEEN = "/api/bindings/{vhost}/e/{source}/%s/{destination}";

    private final TopologyBackend topology;

    private BindingResources(ManagementBackend backend) {
        this.topology = backend.topology();
    }

    static void register(Router r, ManagementBackend backend) {
        BindingResources b = new BindingResources(backend);
        r.get("/api/bindings", b::all);
        r.get("/api/bindings/{vhost}", req -> b.listing(b.inVhost(req)));
        for (String kind : List.of("q", "e")) {
            String between = String.format(BETWEEN, kind);
            String type = kind.equals("q") ? "queue" : "exchange";
            r.get(between, req -> b.listing(b.between(req, type)));
            r.post(between, req -> b.create(req, type));
            r.get(between + "/{props}", req -> ApiResponse.ok(TopologyJson.binding(b.one(req, type))));
            r.delete(between + "/{props}", req -> b.delete(req, type));
        }
    }

    private ApiResponse all(ApiRequest req) {
        Principal p = req.principal();
        List<BindingView> visible = new ArrayList<>();
        for (BindingView v : topology.bindings(null)) {
            if (p.canAccessVhost(v.vhost())) {
                visible.add(v);
            }
        }
        return listing(visible);
    }

    private List<BindingView> inVhost(ApiRequest req) {
        return topology.bindings(TopologyRequests.vhost(topology, req));
    }

    private ApiResponse listing(List<BindingView> bindings) {
        List<Map<String, Object>> items = bindings.stream().map(TopologyJson::binding).toList();
        return ApiResponse.list(items, "vhost", "source", "destination", "routing_key");
    }

    /** The bindings from source to destination; both must exist (404 otherwise, as RabbitMQ). */
    private List<BindingView> between(ApiRequest req, String type) {
        String vhost = TopologyRequests.vhost(topology, req);
        String source = TopologyRequests.exchangeName(req.var("source"));
        String destination = destination(req, type);
        requireEnds(vhost, source, destination, type);
        List<BindingView> out = new ArrayList<>();
        for (BindingView b : topology.bindings(vhost)) {
            if (b.source().equals(source) && b.destinationType().equals(type) && b.destination().equals(destination)) {
                out.add(b);
            }
        }
        return out;
    }

    private static String destination(ApiRequest req, String type) {
        String d = req.var("destination");
        return type.equals("exchange") ? TopologyRequests.exchangeName(d) : d;
    }

    private void requireEnds(String vhost, String source, String destination, String type) {
        boolean destinationExists = type.equals("queue") ? topology.queue(vhost, destination) != null
                : topology.exchange(vhost, destination) != null;
        if (topology.exchange(vhost, source) == null || !destinationExists) {
            throw ApiException.notFound();
        }
    }

    private BindingView one(ApiRequest req, String type) {
        String props = req.var("props");
        for (BindingView b : between(req, type)) {
            if (PropertiesKey.of(b.routingKey(), b.arguments()).equals(props)) {
                return b;
            }
        }
        throw ApiException.notFound();
    }

    private ApiResponse create(ApiRequest req, String type) {
        String vhost = TopologyRequests.vhost(topology, req);
        String source = TopologyRequests.exchangeName(req.var("source"));
        String destination = destination(req, type);
        requireEnds(vhost, source, destination, type);
        ObjectNode body = req.json();
        String routingKey = body.path("routing_key").isNull() ? "" : body.path("routing_key").asText("");
        BindingView b = new BindingView(vhost, source, destination, type, routingKey,
                TopologyRequests.arguments(body));
        // relative to the request path, as rabbit_web_dispatch_util:relativise makes it
        String location = urlSegment(req.var("destination")) + "/"
                + urlSegment(PropertiesKey.of(routingKey, b.arguments()));
        return TopologyRequests.answer(topology.bind(req.principal().name(), b),
                v -> ApiResponse.created().header("Location", location));
    }

    private ApiResponse delete(ApiRequest req, String type) {
        BindingView b = one(req, type);
        return TopologyRequests.answer(topology.unbind(req.principal().name(), b), v -> ApiResponse.noContent());
    }

    /** One path segment escaped as rabbit_mgmt_format:url does it (quote_plus, which keeps {@code ~}). */
    private static String urlSegment(String s) {
        return PropertiesKey.quote(s).replace("%7E", "~");
    }
}
