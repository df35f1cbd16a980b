package io.warrenmq.server.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The keys RabbitMQ's {@code rabbitmq.conf} accepts (the broker's and its common plugins'), read from
 * {@code rabbitmq-config-keys.txt} beside this class: patterns extracted from RabbitMQ's cuttlefish
 * schemas, the file's header says from which files and commits. A key that matches none of them
 * would stop RabbitMQ from booting ("You've tried to set X, but there is no setting with that name").
 *
 * <p>Immutable once loaded; shared by every thread.
 */
public final class RabbitMqConfigKeys {
    private static final String RESOURCE = "rabbitmq-config-keys.txt";
    private static final RabbitMqConfigKeys INSTANCE = load();

    private final List<KeyPattern> patterns;

    RabbitMqConfigKeys(List<KeyPattern> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    public static RabbitMqConfigKeys get() {
        return INSTANCE;
    }

    public boolean knows(String key) {
        List<String> segments = KeyPattern.tokenize(key);
        for (KeyPattern p : patterns) {
            if (p.matches(segments)) {
                return true;
            }
        }
        return false;
    }

    public List<KeyPattern> patterns() {
        return patterns;
    }

    /** Up to {@code n} patterns closest to a key (edit distance), for "did you mean" after a typo. */
    public List<String> closest(String key, int n) {
        return patterns.stream()
                .map(p -> new Scored(p.pattern(), distance(key, p.pattern())))
                .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::pattern))
                .limit(n)
                .map(Scored::pattern)
                .toList();
    }

    private record Scored(String pattern, int distance) {
    }

    /** Levenshtein distance, as cuttlefish ranks its suggestions. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static RabbitMqConfigKeys load() {
        try (InputStream in = RabbitMqConfigKeys.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            List<KeyPattern> patterns = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                String p = line.strip();
                if (!p.isEmpty() && !p.startsWith("#")) {
                    patterns.add(KeyPattern.of(p));
                }
            }
            return new RabbitMqConfigKeys(patterns);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
