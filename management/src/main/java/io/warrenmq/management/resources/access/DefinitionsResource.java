package io.warrenmq.management.resources.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.http.ApiException;
import io.warrenmq.management.http.ApiRequest;
import io.warrenmq.management.http.ApiResponse;
import io.warrenmq.management.http.Router;
import io.warrenmq.management.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /api/definitions} and {@code /api/definitions/{vhost}} (rabbit_mgmt_wm_definitions):
 * export and import through the broker's own exporter and importer (all or nothing, durable),
 * for administrators. The per-vhost form holds only the vhost's parameters, policies, queues,
 * exchanges and bindings, without their {@code vhost} fields; importing it puts every entry in
 * that vhost and ignores the document's users, vhosts and permissions, as RabbitMQ does. A POST
 * may also be the UI's multipart upload ({@link DefinitionsUpload}).
 *
 * <p>Stateless; export and import run on the backend's change executor.
 */
public final class DefinitionsResource {
    /** The arrays of the per-vhost form (rabbit_mgmt_wm_definitions' vhost_definitions). */
    private static final List<String> VHOST_SECTIONS = List.of("parameters", "policies", "queues", "exchanges",
            "bindings");
    private static final List<String> VERSION_KEYS = List.of("rabbit_version", "rabbitmq_version", "product_name",
            "product_version");

    private final ManagementBackend backend;

    private DefinitionsResource(ManagementBackend backend) {
        this.backend = backend;
    }

    public static void register(Router r, ManagementBackend backend) {
        DefinitionsResource d = new DefinitionsResource(backend);
        r.get("/api/definitions", d::exportAll);
        r.post("/api/definitions", d::importAll);
        r.get("/api/definitions/{vhost}", d::exportVhost);
        r.post("/api/definitions/{vhost}", d::importVhost);
    }

    private ObjectNode exported() {
        try {
            return (ObjectNode) Json.MAPPER.readTree(backend.vhosts().exportDefinitions());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code ?download=name} makes browsers save the answer as a file (the UI's download button). */
    private static ApiResponse answer(ApiRequest req, JsonNode body) {
        ApiResponse r = ApiResponse.ok(body);
        String download = req.query("download");
        if (download != null && !download.isEmpty()) {
            r.header("Content-Disposition", "attachment; filename=\"" + download.replaceAll("[\"\\\\\r\n]", "_") + "\"");
        }
        return r;
    }

    private ApiResponse exportAll(ApiRequest req) {
        req.principal().requireAdmin();
        return ApiResponse.later(CompletableFuture.supplyAsync(() -> answer(req, exported()), backend.vhosts().changes()));
    }

    private String existingVhost(ApiRequest req) {
        req.principal().requireAdmin();
        String vhost = req.var("vhost");
        if (backend.vhosts().vhost(vhost) == null) {
            throw ApiException.notFound();
        }
        return vhost;
    }

    private ApiResponse exportVhost(ApiRequest req) {
        String vhost = existingVhost(req);
        return ApiResponse.later(CompletableFuture.supplyAsync(() -> {
            ObjectNode all = exported();
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (String k : VERSION_KEYS) {
                if (all.has(k)) {
                    out.set(k, all.get(k));
                }
            }
            for (String section : VHOST_SECTIONS) {
                ArrayNode items = out.putArray(section);
                JsonNode source = all.get(section);
                if (source != null) {
                    for (JsonNode item : source) {
                        if (vhost.equals(item.path("vhost").asText(null))) {
                            ObjectNode copy = ((ObjectNode) item).deepCopy();
                            copy.remove("vhost");
                            items.add(copy);
                        }
                    }
                }
            }
            return answer(req, out);
        }, backend.vhosts().changes()));
    }

    private ApiResponse importAll(ApiRequest req) {
        req.principal().requireAdmin();
        return doImport(document(req));
    }

    /** The body as a JSON object, or the UI's multipart upload's {@code file} part. */
    private static ObjectNode document(ApiRequest req) {
        String contentType = req.header("Content-Type");
        if (!DefinitionsUpload.isMultipart(contentType)) {
            return req.json();
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(DefinitionsUpload.filePart(contentType, req.body()));
        } catch (IOException e) {
            throw ApiException.badRequest("not_json");
        }
        if (!(node instanceof ObjectNode o)) {
            throw ApiException.badRequest("not_json");
        }
        return o;
    }

    private ApiResponse importVhost(ApiRequest req) {
        String vhost = existingVhost(req);
        ObjectNode doc = document(req);
        ObjectNode scoped = JsonNodeFactory.instance.objectNode();
        for (String section : VHOST_SECTIONS) {
            JsonNode items = doc.get(section);
            if (items == null || items.isNull()) {
                continue;
            }
            if (!items.isArray()) {
                throw ApiException.badRequest(section + " must be a list");
            }
            ArrayNode copy = scoped.putArray(section);
            for (JsonNode item : items) {
                if (!item.isObject()) {
                    throw ApiException.badRequest(section + " entries must be objects");
                }
                copy.add(((ObjectNode) item).deepCopy().put("vhost", vhost));
            }
        }
        return doImport(scoped);
    }

    private ApiResponse doImport(ObjectNode doc) {
        byte[] json;
        try {
            json = Json.MAPPER.writeValueAsBytes(doc);
        } catch (IOException e) {
            throw ApiException.badRequest("not_json");
        }
        return Changes.run(backend, () -> {
            backend.vhosts().importDefinitions(json);
            return ApiResponse.noContent();
        });
    }
}
