package io.warrenmq.server.alarm;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses byte amounts the way rabbitmq.conf writes them ({@code disk_free_limit.absolute = 50MB},
 * {@code vm_memory_high_watermark.absolute = 2GiB}): a plain integer is bytes; {@code k K kiB KiB kib KIB}
 * are 2^10, {@code m M MiB mib MIB} 2^20, {@code g G GiB gib GIB} 2^30; {@code kB KB kb Kb} are 10^3,
 * {@code MB mb Mb} 10^6, {@code GB gb Gb} 10^9 (RabbitMQ's rabbit_resource_monitor_misc). No spaces,
 * no fractions, no sign.
 *
 * <p>Thread-safety: stateless.
 */
public final class InformationUnit {
    private static final Pattern AMOUNT = Pattern.compile("([0-9]+)([a-zA-Z]*)");
    private static final long KIB = 1024;
    private static final Map<String, Long> MULTIPLIERS = Map.ofEntries(
            Map.entry("", 1L),
            Map.entry("k", KIB), Map.entry("K", KIB), Map.entry("kiB", KIB), Map.entry("KiB", KIB),
            Map.entry("kib", KIB), Map.entry("KIB", KIB),
            Map.entry("m", KIB * KIB), Map.entry("M", KIB * KIB), Map.entry("MiB", KIB * KIB),
            Map.entry("mib", KIB * KIB), Map.entry("MIB", KIB * KIB),
            Map.entry("g", KIB * KIB * KIB), Map.entry("G", KIB * KIB * KIB), Map.entry("GiB", KIB * KIB * KIB),
            Map.entry("gib", KIB * KIB * KIB), Map.entry("GIB", KIB * KIB * KIB),
            Map.entry("kB", 1_000L), Map.entry("KB", 1_000L), Map.entry("kb", 1_000L), Map.entry("Kb", 1_000L),
            Map.entry("MB", 1_000_000L), Map.entry("mb", 1_000_000L), Map.entry("Mb", 1_000_000L),
            Map.entry("GB", 1_000_000_000L), Map.entry("gb", 1_000_000_000L), Map.entry("Gb", 1_000_000_000L));

    private InformationUnit() {
    }

    /** The number of bytes {@code text} stands for; IllegalArgumentException when it is not an amount. */
    public static long parse(String text) {
        Matcher m = AMOUNT.matcher(text);
        Long multiplier = m.matches() ? MULTIPLIERS.get(m.group(2)) : null;
        if (multiplier == null) {
            throw new IllegalArgumentException("'" + text + "' is not an amount of bytes (e.g. 50000000, 50MB, 2GiB)");
        }
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), multiplier);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large", e);
        }
    }
}
