package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warrenmq.server.Broker;
import io.warrenmq.server.BrokerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main class as an operator runs it, in a child JVM: what it prints and how it exits when it
 * cannot start (a port taken, a data directory in use or unusable) and for --help and --version.
 * Each failure is one line naming the setting to change, no stack trace, exit 1, and the data
 * directory's lock released (another broker can use the directory right after).
 */
class StartupFailuresIT {
    private record Run(int exit, String output) {
    }

    private static Run main(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx128m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "io.warrenmq.server.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "Main did not exit: " + String.join(" ", args));
            return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    private static void assertOneClearLine(Run r, String expected) {
        assertEquals(1, r.exit(), r.output());
        assertTrue(r.output().contains(expected), r.output());
        assertFalse(r.output().contains("\tat ") || r.output().contains("Exception"), "a stack trace: " + r.output());
    }

    private static ServerSocket taken() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
    }

    private static void assertDirectoryFree(Path dir) {
        BrokerConfig c = BrokerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dir);
        try (Broker b = new Broker(c).start()) {
            assertTrue(b.port() > 0); // the lock was released by the failed broker
        }
    }

    @Test
    void aTakenAmqpPortIsOneLineAndTheLockIsReleased(@TempDir Path dir) throws Exception {
        try (ServerSocket s = taken()) {
            Run r = main("--host", "127.0.0.1", "--port", String.valueOf(s.getLocalPort()), "--data-dir", dir.toString(),
                    "--no-management");
            assertOneClearLine(r, "port " + s.getLocalPort()
                    + " is in use by another process; set listeners.tcp.default or --port");
        }
        assertDirectoryFree(dir);
    }

    @Test
    void aTakenManagementPortNamesItsSetting(@TempDir Path dir) throws Exception {
        try (ServerSocket s = taken()) {
            Run r = main("--host", "127.0.0.1", "--port", "0", "--data-dir", dir.toString(),
                    "--management.tcp.ip=127.0.0.1", "--management.tcp.port=" + s.getLocalPort(),
                    "--prometheus.enabled=false");
            assertOneClearLine(r, "port " + s.getLocalPort() + " is in use by another process; set management.tcp.port");
        }
        assertDirectoryFree(dir);
    }

    @Test
    void aTakenPrometheusPortNamesItsSetting(@TempDir Path dir) throws Exception {
        try (ServerSocket s = taken()) {
            Run r = main("--host", "127.0.0.1", "--port", "0", "--data-dir", dir.toString(),
                    "--management.enabled=false", "--prometheus.tcp.ip=127.0.0.1",
                    "--prometheus.tcp.port=" + s.getLocalPort());
            assertOneClearLine(r, "port " + s.getLocalPort() + " is in use by another process; set prometheus.tcp.port");
        }
    }

    @Test
    void aSecondBrokerOnTheSameDirectoryIsRefused(@TempDir Path dir) throws Exception {
        BrokerConfig c = BrokerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dir);
        try (Broker first = new Broker(c).start()) {
            Run r = main("--host", "127.0.0.1", "--port", "0", "--data-dir", dir.toString(), "--no-management");
            assertOneClearLine(r, "cannot use the data directory " + dir);
            assertTrue(r.output().contains("is locked by another store instance or process"), r.output());
            assertTrue(r.output().contains("set data_dir or --data-dir"), r.output());
            assertTrue(first.port() > 0);
        }
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedIsOneLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        Path under = file.resolve("data");
        Run r = main("--host", "127.0.0.1", "--port", "0", "--data-dir", under.toString(), "--no-management");
        assertOneClearLine(r, "cannot use the data directory " + under);
    }

    @Test
    void helpAndVersionExitZero() throws Exception {
        Run help = main("--help");
        assertEquals(0, help.exit(), help.output());
        assertTrue(help.output().contains("usage: warren"), help.output());
        assertTrue(help.output().contains("listeners.tcp.default"), help.output());
        Run version = main("--version");
        assertEquals(0, version.exit(), version.output());
        assertTrue(version.output().startsWith("Warren "), version.output());
        assertTrue(version.output().contains("RabbitMQ 3.13.7 compatible"), version.output());
        Run bad = main("--no-such-flag");
        assertEquals(2, bad.exit(), bad.output());
    }
}
