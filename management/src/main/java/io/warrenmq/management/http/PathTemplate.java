package io.warrenmq.management.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A route's path such as {@code /api/queues/{vhost}/{name}}: literal segments and named variables,
 * each variable exactly one segment.
 *
 * <p>Matching is on segments already percent-decoded one by one ({@link #segments}), so the default
 * vhost's {@code %2F} stays inside its segment, and a trailing slash ({@code /api/users/}, which
 * rabbit-hole sends) matches the same route as without it.
 */
public final class PathTemplate {
    private final String text;
    private final String[] parts; // a literal, or a variable name prefixed with '{'

    public PathTemplate(String text) {
        this.text = text;
        List<String> p = new ArrayList<>();
        for (String s : text.split("/")) {
            if (s.isEmpty()) {
                continue;
            }
            p.add(s.startsWith("{") && s.endsWith("}") ? "{" + s.substring(1, s.length() - 1) : s);
        }
        this.parts = p.toArray(String[]::new);
    }

    public String text() {
        return text;
    }

    int length() {
        return parts.length;
    }

    boolean isVariable(int i) {
        return parts[i].startsWith("{");
    }

    /** The variables bound by {@code segments}, or null when the path does not match. */
    Map<String, String> match(List<String> segments) {
        if (segments.size() != parts.length) {
            return null;
        }
        Map<String, String> vars = null;
        for (int i = 0; i < parts.length; i++) {
            if (isVariable(i)) {
                if (vars == null) {
                    vars = new LinkedHashMap<>();
                }
                vars.put(parts[i].substring(1), segments.get(i));
            } else if (!parts[i].equals(segments.get(i))) {
                return null;
            }
        }
        return vars == null ? Map.of() : vars;
    }

    /**
     * The raw path (no query) split at '/' and each segment percent-decoded on its own; empty
     * segments (a trailing or doubled slash) are dropped. Null when a segment is not valid
     * percent-encoding or not UTF-8.
     */
    public static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int n = rawPath.length();
        while (start <= n) {
            int slash = rawPath.indexOf('/', start);
            int end = slash < 0 ? n : slash;
            if (end > start) {
                String decoded = decode(rawPath, start, end);
                if (decoded == null) {
                    return null;
                }
                out.add(decoded);
            }
            if (slash < 0) {
                break;
            }
            start = slash + 1;
        }
        return out;
    }

    private static String decode(String s, int from, int to) {
        if (s.indexOf('%', from) < 0 || s.indexOf('%', from) >= to) {
            return s.substring(from, to);
        }
        byte[] bytes = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= to) {
                    return null; // '%' without two hex digits
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                bytes[n++] = (byte) c;
            } else {
                return null; // a raw non-ASCII character: Netty's decoder never gives one; refuse it
            }
        }
        java.nio.charset.CharsetDecoder utf8 = java.nio.charset.StandardCharsets.UTF_8.newDecoder();
        try {
            return utf8.decode(java.nio.ByteBuffer.wrap(bytes, 0, n)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
