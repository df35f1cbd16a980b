package io.warrenmq.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private RabbitMQ node from Debian's {@code rabbitmq-server} package (installed by {@code .ci/run}),
 * for tests that check Warren's output against the real thing: its own node name, ports, data
 * directory and Erlang cookie, so it never touches a system service or another node. Loopback only.
 *
 * <p>Not thread-safe; one per test class.
 */
final class RabbitNode implements AutoCloseable {
    static final Path BIN = Path.of("/usr/lib/rabbitmq/bin");

    private final Path dir;
    private final String node;
    private final int port;
    private final Process process;

    private RabbitNode(Path dir, String node, int port, Process process) {
        this.dir = dir;
        this.node = node;
        this.port = port;
        this.process = process;
    }

    /** Starts a node in {@code dir} and waits until it accepts AMQP connections. */
    static RabbitNode start(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(BIN.resolve("rabbitmq-server"))) {
            throw new IllegalStateException("RabbitMQ is not installed (" + BIN + "): run .ci/run, which installs "
                    + "Debian's rabbitmq-server, or apt-get install rabbitmq-server");
        }
        int port = freePort();
        String node = "warren-it-" + port + "@localhost";
        Files.createDirectories(dir.resolve("home"));
        Files.writeString(dir.resolve("rabbitmq.conf"), "listeners.tcp.default = " + port + "\n"
                + "loopback_users.guest = true\n");
        Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
        Files.writeString(dir.resolve("rabbitmq-env.conf"), "");
        ProcessBuilder pb = new ProcessBuilder(BIN.resolve("rabbitmq-server").toString());
        environment(pb.environment(), dir, node, port);
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile());
        Process p = pb.start();
        RabbitNode n = new RabbitNode(dir, node, port, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!n.accepts()) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                n.close();
                throw new IllegalStateException("RabbitMQ did not start; see " + dir.resolve("stdout.log") + ": "
                        + Files.readString(dir.resolve("stdout.log")));
            }
            Thread.sleep(100);
        }
        return n;
    }

    private static void environment(Map<String, String> env, Path dir, String node, int port) {
        env.put("HOME", dir.resolve("home").toString()); // a private Erlang cookie
        env.put("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString());
        env.put("RABBITMQ_NODENAME", node);
        env.put("RABBITMQ_NODE_PORT", Integer.toString(port));
        env.put("RABBITMQ_DIST_PORT", Integer.toString(port + 1));
        env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
        env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
    }

    /** A port whose successor is free too (the node's distribution port). */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                int p = s.getLocalPort();
                if (p < 65535) {
                    try (ServerSocket next = new ServerSocket(p + 1, 1, java.net.InetAddress.getLoopbackAddress())) {
                        return p;
                    } catch (IOException taken) {
                        // try another
                    }
                }
            }
        }
        throw new IOException("no two consecutive free ports");
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    int port() {
        return port;
    }

    /** Runs rabbitmqctl against this node; returns its output, failing on a non-zero exit. */
    String ctl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(BIN.resolve("rabbitmqctl").toString(), "-n", node));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        environment(pb.environment(), dir, node, port);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() {
        // rabbitmq-server is a script that execs beam: destroying the process stops the node (SIGTERM)
        process.toHandle().descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
