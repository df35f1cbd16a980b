package io.warrenmq.it.management;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format (0.0.4) and of OpenMetrics text, for
 * tests: every line must be a {@code # HELP}, {@code # TYPE}, {@code # EOF} (OpenMetrics) or a
 * sample {@code name{label="value",...} number} (OpenMetrics also {@code # UNIT}); anything else fails the parse, as do samples of a
 * family whose TYPE was not declared first, and duplicate series.
 *
 * <p>Thread-safety: stateless.
 */
final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*)\\})? "
                    + "([-+]?(?:[0-9.]+(?:[eE][-+]?[0-9]+)?|NaN|\\+?Inf|-Inf))( [0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private PrometheusText() {
    }

    /** One sample line. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** The parsed scrape: family name to its type, and every sample. */
    record Scrape(Map<String, String> types, List<Sample> samples) {
        List<Sample> named(String name) {
            return samples.stream().filter(s -> s.name().equals(name)).toList();
        }

        boolean has(String name) {
            return !named(name).isEmpty();
        }
    }

    static Scrape parse(String text, boolean openMetrics) {
        Map<String, String> types = new LinkedHashMap<>();
        List<Sample> samples = new ArrayList<>();
        java.util.Set<String> series = new java.util.HashSet<>();
        String[] lines = text.split("\n", -1);
        boolean eof = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() && i == lines.length - 1) {
                break;
            }
            if (eof) {
                throw new AssertionError("content after # EOF at line " + (i + 1));
            }
            if (line.startsWith("# HELP ")) {
                requireName(line.substring(7).split(" ", 2)[0], i);
            } else if (line.startsWith("# TYPE ")) {
                String[] p = line.substring(7).split(" ");
                if (p.length != 2) {
                    throw new AssertionError("bad TYPE line " + (i + 1) + ": " + line);
                }
                requireName(p[0], i);
                if (types.put(p[0], p[1]) != null) {
                    throw new AssertionError("family declared twice: " + p[0]);
                }
            } else if (line.startsWith("# UNIT ") && openMetrics) {
                requireName(line.substring(7).split(" ", 2)[0], i);
            } else if (line.equals("# EOF") && openMetrics) {
                eof = true;
            } else if (line.startsWith("#")) {
                throw new AssertionError("unknown comment at line " + (i + 1) + ": " + line);
            } else {
                Matcher m = SAMPLE.matcher(line);
                if (!m.matches()) {
                    throw new AssertionError("bad sample at line " + (i + 1) + ": " + line);
                }
                String name = m.group(1);
                if (familyOf(name, types) == null) {
                    throw new AssertionError("sample before its TYPE at line " + (i + 1) + ": " + line);
                }
                Map<String, String> labels = new LinkedHashMap<>();
                if (m.group(3) != null) {
                    Matcher l = LABEL.matcher(m.group(3));
                    while (l.find()) {
                        labels.put(l.group(1), l.group(2));
                    }
                }
                if (!series.add(name + labels)) {
                    throw new AssertionError("duplicate series " + name + labels);
                }
                String v = m.group(4);
                double value = v.equals("NaN") ? Double.NaN : v.endsWith("Inf")
                        ? (v.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY) : Double.parseDouble(v);
                samples.add(new Sample(name, labels, value));
            }
        }
        if (openMetrics && !eof) {
            throw new AssertionError("OpenMetrics text without # EOF");
        }
        return new Scrape(types, samples);
    }

    private static void requireName(String name, int line) {
        if (!NAME.matcher(name).matches()) {
            throw new AssertionError("bad metric name at line " + (line + 1) + ": " + name);
        }
    }

    /** The family a sample belongs to: its own name, or without a _total/_info/_created/_bucket/_sum/_count suffix. */
    private static String familyOf(String sample, Map<String, String> types) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : List.of("_total", "_info", "_created", "_bucket", "_sum", "_count")) {
            if (sample.endsWith(suffix) && types.containsKey(sample.substring(0, sample.length() - suffix.length()))) {
                return sample.substring(0, sample.length() - suffix.length());
            }
        }
        return null;
    }
}
