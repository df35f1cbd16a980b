package io.warrenmq.it.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.warrenmq.auth.User;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.management.ManagementOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /api/nodes}, {@code /api/nodes/{node}} and its memory breakdown: fields, types, monitor-only. */
class NodesIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagement(ManagementOptions.ephemeral()));

    static ManagementHttp http;

    @BeforeAll
    static void users() {
        broker.broker().users().putUser(User.withPassword("mon", "mon-secret", List.of("monitoring")));
        broker.broker().users().putUser(User.withPassword("mgmt", "mgmt-secret", List.of("management")));
        http = ManagementHttp.at(broker.broker().managementPort(), "guest", "guest");
    }

    @Test
    void theNodeListHasOneNodeWithRealFigures() {
        ManagementHttp.Reply r = http.as("mon", "mon-secret").get("/api/nodes");
        assertEquals(200, r.status(), r::toString);
        assertEquals(1, r.json().size());
        JsonNode n = r.json().get(0);
        assertTrue(n.get("name").asText().startsWith("warren@"), n::toString);
        assertEquals("disc", n.get("type").asText());
        assertTrue(n.get("running").asBoolean());
        assertFalse(n.get("being_drained").asBoolean());
        for (String positive : List.of("uptime", "processors", "fd_used", "fd_total", "mem_used", "mem_limit",
                "disk_free", "proc_used", "proc_total", "sockets_total")) {
            assertTrue(n.path(positive).isNumber() && n.get(positive).asLong() > 0, positive + " in " + n);
        }
        assertTrue(n.get("fd_used").asLong() <= n.get("fd_total").asLong());
        assertEquals(broker.broker().alarms().memoryLimit(), n.get("mem_limit").asLong());
        assertEquals(broker.broker().alarms().diskFreeLimit(), n.get("disk_free_limit").asLong());
        assertEquals(Long.toString(ProcessHandle.current().pid()), n.get("os_pid").asText());
        assertTrue(n.get("mem_alarm").isBoolean() && n.get("disk_free_alarm").isBoolean());
        assertEquals(0, n.get("run_queue").asInt());
        assertEquals("rss", n.get("mem_calculation_strategy").asText());
        assertEquals("basic", n.get("rates_mode").asText());
        assertTrue(n.get("partitions").isArray() && n.get("partitions").isEmpty());
        assertTrue(n.get("config_files").isArray() && n.get("log_files").isArray());
        assertEquals("[\"rabbitmq_management\",\"rabbitmq_prometheus\"]", n.get("enabled_plugins").toString());
        List<String> apps = new ArrayList<>();
        n.get("applications").forEach(a -> {
            apps.add(a.get("name").asText());
            if (a.get("name").asText().equals("rabbit")) {
                assertEquals(broker.broker().config().compatibilityVersion(), a.get("version").asText());
            }
        });
        assertTrue(apps.contains("rabbit"), apps::toString);
        assertTrue(n.get("exchange_types").size() >= 4);
        assertFalse(n.get("contexts").isEmpty());
    }

    @Test
    void oneNodeByNameAndAnUnknownOneIs404() {
        String name = http.get("/api/nodes").json().get(0).get("name").asText();
        ManagementHttp.Reply r = http.get("/api/nodes/" + name);
        assertEquals(200, r.status(), r::toString);
        assertEquals(name, r.json().get("name").asText());
        assertFalse(r.json().has("memory"));
        assertTrue(http.get("/api/nodes/" + name + "?memory=true").json().get("memory").isObject());
        assertEquals(404, http.get("/api/nodes/rabbit@elsewhere").status());
    }

    @Test
    void theMemoryBreakdownHasRabbitMqsShape() {
        String name = http.get("/api/nodes").json().get(0).get("name").asText();
        ManagementHttp.Reply r = http.get("/api/nodes/" + name + "/memory");
        assertEquals(200, r.status(), r::toString);
        JsonNode m = r.json().get("memory");
        for (String k : List.of("connection_readers", "queue_procs", "other_proc", "binary", "code", "mgmt_db",
                "other_system", "allocated_unused", "reserved_unallocated")) {
            assertTrue(m.path(k).isNumber(), k + " in " + m);
        }
        assertEquals("rss", m.get("strategy").asText());
        assertTrue(m.get("total").get("rss").asLong() > 0);
        assertTrue(m.get("total").get("allocated").asLong() > 0);
        assertTrue(m.get("other_proc").asLong() > 0, "heap in use");
        JsonNode rel = http.get("/api/nodes/" + name + "/memory/relative").json().get("memory");
        assertEquals(100, rel.get("total").asInt());
        assertEquals(404, http.get("/api/nodes/rabbit@elsewhere/memory").status());
    }

    @Test
    void aUserWithoutTheMonitoringTagIsRefused() {
        ManagementHttp.Reply r = http.as("mgmt", "mgmt-secret").get("/api/nodes");
        assertEquals(401, r.status(), r::toString);
        assertEquals("Not monitor user", r.json().get("reason").asText());
        String name = http.get("/api/nodes").json().get(0).get("name").asText();
        assertEquals(401, http.as("mgmt", "mgmt-secret").get("/api/nodes/" + name).status());
        assertEquals(401, http.as("mgmt", "mgmt-secret").get("/api/nodes/" + name + "/memory").status());
    }
}
