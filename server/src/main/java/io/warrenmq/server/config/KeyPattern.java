package io.warrenmq.server.config;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code rabbitmq.conf} key pattern as cuttlefish (RabbitMQ's configuration library) writes it
 * in a schema's {@code {mapping, "NAME", ...}}: dot-separated segments, a segment starting with
 * {@code $} ({@code listeners.tcp.$name}, {@code ssl_options.versions.$version}) standing for any one
 * segment of a key.
 *
 * <p>Matching follows cuttlefish_variable: a key and a pattern are split on dots ({@code \.} is a dot
 * inside a segment, a trailing dot is dropped); they match when they have the same number of segments
 * and each literal segment is equal, case included. So {@code $name} never spans a dot:
 * {@code listeners.tcp.$name} matches {@code listeners.tcp.default} but not
 * {@code listeners.tcp.a.b}, nor {@code listeners.tcp}.
 */
public record KeyPattern(String pattern, List<String> segments) {
    public KeyPattern {
        segments = List.copyOf(segments);
    }

    public static KeyPattern of(String pattern) {
        return new KeyPattern(pattern, tokenize(pattern));
    }

    public boolean matches(String key) {
        return matches(tokenize(key));
    }

    public boolean matches(List<String> key) {
        if (key.size() != segments.size()) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            if (!s.startsWith("$") && !s.equals(key.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The key's segments, as cuttlefish_variable:tokenize splits them. */
    public static List<String> tokenize(String key) {
        List<String> out = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\' && i + 1 < key.length() && key.charAt(i + 1) == '.') {
                part.append('.');
                i++;
            } else if (c == '.') {
                out.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        if (!part.isEmpty()) {
            out.add(part.toString());
        }
        return out;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
