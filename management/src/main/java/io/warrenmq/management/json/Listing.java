package io.warrenmq.management.json;

import io.warrenmq.management.http.ApiException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * RabbitMQ's list parameters, applied as rabbit_mgmt_util applies them (3.13):
 * <ul>
 *   <li>{@code sort} (a dotted key) then the resource's default sort keys; always sorted, missing
 *       values count as 0; {@code sort_reverse=true} reverses the whole sorted list;</li>
 *   <li>paging only when {@code page} is given: {@code page_size} defaults to 100, at most 500, both
 *       positive, else 400 {@code invalid_pagination_parameters}; a page past the end is 400
 *       {@code page_out_of_range}; the answer becomes the paged envelope;</li>
 *   <li>{@code name} filters (case-insensitive substring, or a case-insensitive regex with
 *       {@code use_regex=true}) only together with paging;</li>
 *   <li>{@code columns} (comma-separated dotted keys) projects every item, also without paging.</li>
 * </ul>
 * Unknown parameters are ignored (KEDA sends {@code pagination=false}).
 */
public final class Listing {
    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_PAGE_SIZE = 500;

    private Listing() {
    }

    /** The listing's response body for these query parameters. */
    public static Object apply(List<? extends ListItem> items, Map<String, List<String>> query,
            List<String> defaultSort) {
        List<String> sortKeys = new ArrayList<>();
        String sort = first(query, "sort");
        if (sort != null && !sort.isEmpty()) {
            sortKeys.add(sort);
        }
        for (String k : defaultSort) {
            if (!sortKeys.contains(k)) {
                sortKeys.add(k);
            }
        }
        List<ListItem> sorted = sortKeys.isEmpty() ? new ArrayList<>(items) : sorted(items, sortKeys);
        if ("true".equals(first(query, "sort_reverse"))) {
            Collections.reverse(sorted);
        }
        List<List<String>> columns = columns(first(query, "columns"));
        String page = first(query, "page");
        if (page == null) {
            return written(sorted, columns);
        }
        int pageNum = integer(page, first(query, "page_size"));
        int pageSize = first(query, "page_size") == null ? DEFAULT_PAGE_SIZE : integer(first(query, "page_size"), page);
        if (pageNum <= 0 || pageSize <= 0 || pageSize > MAX_PAGE_SIZE) {
            throw invalid(page, first(query, "page_size"));
        }
        List<ListItem> filtered = filter(sorted, first(query, "name"), "true".equals(first(query, "use_regex")));
        long offset = (long) (pageNum - 1) * pageSize;
        if (offset > filtered.size()) {
            throw new ApiException(io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST, "page_out_of_range",
                    String.format("Page out of range, page: %d page size: %d, len: %d", pageNum, pageSize,
                            filtered.size()));
        }
        List<ListItem> pageItems = filtered.subList((int) offset,
                (int) Math.min(filtered.size(), offset + pageSize));
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("total_count", sorted.size());
        envelope.put("item_count", pageItems.size());
        envelope.put("filtered_count", filtered.size());
        envelope.put("page", pageNum);
        envelope.put("page_size", pageSize);
        envelope.put("page_count", (filtered.size() + pageSize - 1) / pageSize);
        envelope.put("items", written(pageItems, columns));
        return envelope;
    }

    /** {@code columns} applied to a single object's body (GET of one queue, the overview). */
    public static Object projectOne(Object body, Map<String, List<String>> query) {
        List<List<String>> columns = columns(first(query, "columns"));
        return columns == null ? body : project(body, columns);
    }

    private static int integer(String value, String other) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST, "bad_request",
                    "Pagination parameters are invalid");
        }
    }

    private static ApiException invalid(String page, String pageSize) {
        return new ApiException(io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST,
                "invalid_pagination_parameters", String.format("Invalid pagination parameters: page number %s, page size %s",
                        page, pageSize == null ? String.valueOf(DEFAULT_PAGE_SIZE) : pageSize));
    }

    /**
     * The items as the body's list: each item's JSON (projected on {@code columns}) built when
     * Jackson reaches it, not before (see {@link ListItem}).
     */
    private static List<Object> written(List<ListItem> items, List<List<String>> columns) {
        return new java.util.AbstractList<>() {
            @Override
            public Object get(int index) {
                return project(items.get(index).json(), columns);
            }

            @Override
            public int size() {
                return items.size();
            }
        };
    }

    private static final String[] NAME = {"name"};

    private static List<ListItem> filter(List<ListItem> items, String name, boolean regex) {
        if (name == null || name.isEmpty()) {
            return items;
        }
        List<ListItem> out = new ArrayList<>();
        if (regex) {
            Pattern p;
            try {
                p = Pattern.compile(name, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            } catch (PatternSyntaxException e) {
                throw ApiException.badRequest("invalid regular expression: " + e.getDescription());
            }
            for (ListItem m : items) {
                if (m.key(NAME) instanceof String s && p.matcher(s).find()) {
                    out.add(m);
                }
            }
        } else {
            String needle = name.toLowerCase(Locale.ROOT);
            for (ListItem m : items) {
                if (m.key(NAME) instanceof String s && s.toLowerCase(Locale.ROOT).contains(needle)) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    // ---- sorting ------------------------------------------------------------------------------

    /**
     * The items sorted by {@code keys}. Why the keys are read out first: a comparator reading them
     * from the maps does O(n log n) map lookups, which for 100k queues were most of a listing's time.
     */
    private static List<ListItem> sorted(List<? extends ListItem> items, List<String> keys) {
        List<String[]> paths = keys.stream().map(k -> k.split("\\.")).toList();
        record Keyed(Object[] keys, ListItem item) {
        }
        List<Keyed> keyed = new ArrayList<>(items.size());
        for (ListItem item : items) {
            Object[] k = new Object[paths.size()];
            for (int i = 0; i < k.length; i++) {
                Object v = item.key(paths.get(i));
                k[i] = v == null ? 0 : v; // RabbitMQ: a missing value sorts as 0
            }
            keyed.add(new Keyed(k, item));
        }
        keyed.sort((a, b) -> {
            for (int i = 0; i < a.keys.length; i++) {
                Object x = a.keys[i];
                Object y = b.keys[i];
                // names and vhosts, the usual keys, are strings: compared without ranking them first
                int c = x instanceof String sx && y instanceof String sy ? sx.compareTo(sy) : compareValues(x, y);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        List<ListItem> out = new ArrayList<>(keyed.size());
        for (Keyed k : keyed) {
            out.add(k.item);
        }
        return out;
    }

    /** Erlang's term order, roughly: numbers, then booleans, then maps, lists, then strings. */
    private static int rank(Object v) {
        if (v instanceof Number) {
            return 0;
        }
        if (v instanceof Boolean) {
            return 1;
        }
        if (v instanceof Map) {
            return 2;
        }
        if (v instanceof List) {
            return 3;
        }
        return 4;
    }

    private static int compareValues(Object a, Object b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y); // binaries compare bytewise; UTF-16 order equals it outside surrogates
        }
        return 0;
    }

    // ---- columns ------------------------------------------------------------------------------

    private static List<List<String>> columns(String param) {
        if (param == null) {
            return null;
        }
        List<List<String>> out = new ArrayList<>();
        for (String c : param.split(",")) {
            if (!c.isEmpty()) {
                out.add(List.of(c.split("\\.")));
            }
        }
        return out;
    }

    private static Object project(Object value, List<List<String>> columns) {
        if (columns == null) {
            return value;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                List<List<String>> below = descend(k, columns);
                if (below != null) {
                    out.put(k, below.isEmpty() ? e.getValue() : project(e.getValue(), below));
                }
            }
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(project(o, columns));
            }
            return out;
        }
        return value;
    }

    /** The columns below key {@code k}: null if none wants it, empty if one wants it whole. */
    private static List<List<String>> descend(String k, List<List<String>> columns) {
        List<List<String>> below = null;
        for (List<String> c : columns) {
            if (c.get(0).equals(k)) {
                if (c.size() == 1) {
                    return List.of();
                }
                if (below == null) {
                    below = new ArrayList<>();
                }
                below.add(c.subList(1, c.size()));
            }
        }
        return below;
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
