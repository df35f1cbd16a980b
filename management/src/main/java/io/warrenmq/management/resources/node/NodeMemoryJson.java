package io.warrenmq.management.resources.node;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/nodes/{node}/memory/relative}: each category as a whole percentage of the total
 * (rabbit_mgmt_wm_node_memory's relative form), {@code total} as 100.
 *
 * <p>Thread-safety: stateless.
 */
final class NodeMemoryJson {
    private NodeMemoryJson() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> relative(Map<String, Object> absolute) {
        Object mem = absolute.get("memory");
        if (!(mem instanceof Map<?, ?> m)) {
            return absolute;
        }
        Map<String, Object> in = (Map<String, Object>) m;
        long total = 0;
        if (in.get("total") instanceof Map<?, ?> t && t.get("rss") instanceof Number rss) {
            total = rss.longValue();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : in.entrySet()) {
            if (e.getValue() instanceof Number n && total > 0) {
                out.put(e.getKey(), Math.round(n.doubleValue() * 100.0 / total));
            } else if (e.getKey().equals("total")) {
                out.put("total", 100);
            } else {
                out.put(e.getKey(), e.getValue() instanceof Number ? 0 : e.getValue());
            }
        }
        return Map.of("memory", out);
    }
}
