package io.warrenmq.server.management;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The process's file descriptors and thread limit, for the node's {@code fd_used}/{@code fd_total}
 * and {@code proc_total}: read from {@code /proc/self} and the JDK's Unix MXBean where they exist.
 *
 * <p>Thread-safety: stateless.
 */
final class NodeDescriptors {
    private static final Path FDS = Path.of("/proc/self/fd");

    private NodeDescriptors() {
    }

    /** Open descriptors now, 0 when the platform does not tell. */
    static long used() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getOpenFileDescriptorCount();
        }
        if (Files.isDirectory(FDS)) {
            try (Stream<Path> s = Files.list(FDS)) {
                return s.count();
            } catch (IOException e) {
                return 0;
            }
        }
        return 0;
    }

    /** The descriptor limit ({@code ulimit -n}), -1 when unknown. */
    static long limit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }

    /**
     * How many threads the process may have: Linux's {@code threads-max}, RabbitMQ's
     * process_limit's nearest equivalent; 1048576 (Erlang's default process limit) when unknown.
     */
    static long threadLimit() {
        try {
            return Long.parseLong(Files.readString(Path.of("/proc/sys/kernel/threads-max")).trim());
        } catch (IOException | RuntimeException e) {
            return 1_048_576;
        }
    }
}
