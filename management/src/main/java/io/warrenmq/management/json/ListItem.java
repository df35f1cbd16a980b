package io.warrenmq.management.json;

import java.util.Map;
import java.util.function.Supplier;

/**
 * One item of an API listing whose JSON object is built only when it is needed: when it is
 * written, or when the listing is sorted or filtered on a field the item cannot answer itself.
 * Why: a listing of 100k queues sorted by name and paged to 100 then builds 100 objects, not
 * 100k, and an unpaged one builds each object just before Jackson writes it, so the objects die
 * young instead of all living until the last byte is out.
 *
 * <p>Thread-safety: used on the management loop only.
 */
public interface ListItem {
    /** The item's JSON object, built afresh on every call. */
    Map<String, ?> json();

    /**
     * The value at a dotted path ({@code ["message_stats", "publish"]}) for sorting and filtering;
     * null when absent. The default builds {@link #json()}.
     */
    default Object key(String[] path) {
        Object v = json();
        for (String p : path) {
            if (!(v instanceof Map<?, ?> m)) {
                return null;
            }
            v = m.get(p);
        }
        return v;
    }

    /** An item that is its (already built) map. */
    static ListItem of(Map<String, ?> built) {
        return () -> built;
    }

    /** An item named {@code name} in {@code vhost} that answers those two keys without building its JSON. */
    static ListItem named(String vhost, String name, Supplier<Map<String, ?>> json) {
        return new ListItem() {
            @Override
            public Map<String, ?> json() {
                return json.get();
            }

            @Override
            public Object key(String[] path) {
                if (path.length == 1 && path[0].equals("name")) {
                    return name;
                }
                if (path.length == 1 && path[0].equals("vhost")) {
                    return vhost;
                }
                return ListItem.super.key(path);
            }
        };
    }
}
