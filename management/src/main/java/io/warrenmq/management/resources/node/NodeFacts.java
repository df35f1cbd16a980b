package io.warrenmq.management.resources.node;

import io.warrenmq.management.backend.NodeBackend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node facts the overview and the node resources share, in RabbitMQ's JSON shapes:
 * exchange types, listeners, web contexts, the JVM named as the runtime.
 *
 * <p>Thread-safety: stateless.
 */
final class NodeFacts {
    static final String MANAGEMENT_DESCRIPTION = "RabbitMQ Management";

    private NodeFacts() {
    }

    /** rabbit_mgmt_external_stats:list_registry_plugins(exchange): the exchange types Warren implements. */
    static List<Map<String, Object>> exchangeTypes() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String t : List.of("direct", "fanout", "headers", "topic")) {
            out.add(plugin(t, "AMQP " + t + " exchange, as per the AMQP specification"));
        }
        return out;
    }

    /** The SASL mechanisms (the node's auth_mechanisms). */
    static List<Map<String, Object>> authMechanisms() {
        return List.of(plugin("PLAIN", "SASL PLAIN authentication mechanism"),
                plugin("AMQPLAIN", "QPid AMQPLAIN mechanism"));
    }

    private static Map<String, Object> plugin(String name, String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("description", description);
        m.put("enabled", true);
        return m;
    }

    /** rabbit_mgmt_format:listener, sorted by protocol then port as the overview does. */
    static List<Map<String, Object>> listeners(NodeBackend node) {
        List<Map<String, Object>> out = new ArrayList<>();
        node.listeners().stream()
                .sorted((a, b) -> a.protocol().equals(b.protocol()) ? Integer.compare(a.port(), b.port())
                        : a.protocol().compareTo(b.protocol()))
                .forEach(l -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("node", node.nodeName());
                    m.put("protocol", l.protocol());
                    m.put("ip_address", l.ipAddress());
                    m.put("port", l.port());
                    m.put("socket_opts", Map.of());
                    out.add(m);
                });
        return out;
    }

    /** The web contexts (the management listener's), as the overview and node list them. */
    static List<Map<String, Object>> contexts(NodeBackend node, boolean withNode) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (NodeBackend.Listener l : node.listeners()) {
            if (l.protocol().equals("http") || l.protocol().equals("https")) {
                Map<String, Object> m = new LinkedHashMap<>();
                if (withNode) {
                    m.put("node", node.nodeName());
                }
                m.put("description", MANAGEMENT_DESCRIPTION);
                m.put("path", "/");
                m.put("cowboy_opts", "[{sendfile,false}]");
                m.put("port", Integer.toString(l.port())); // a string in RabbitMQ's contexts
                if (l.protocol().equals("https")) {
                    m.put("ssl", "true");
                }
                out.add(m);
            }
        }
        return out;
    }

    /** The runtime's short version for erlang_version (the UI shows it as is). */
    static String runtimeVersion() {
        return "Java " + Runtime.version();
    }

    /** The runtime's long description for erlang_full_version. */
    static String runtimeFullVersion() {
        return System.getProperty("java.vm.name", "Java") + " " + Runtime.version() + " ("
                + System.getProperty("java.vm.vendor", "") + ", " + System.getProperty("os.arch", "") + ")";
    }

    /** {@code {rate: 0.0}}: the details of a figure that is not sampled. */
    static Map<String, Object> noRate() {
        return Map.of("rate", 0.0);
    }
}
