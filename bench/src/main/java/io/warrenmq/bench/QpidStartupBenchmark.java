package io.warrenmq.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.qpid.server.SystemLauncher;

/**
 * Qpid Broker-J 9.2.1 embedded, timed the way {@link StartupBenchmark} times Warren, for the
 * comparison in docs/benchmarks.md ("Start-up for tests"). Qpid's own recipe for tests ("How to
 * embed Qpid Broker-J"): a {@link SystemLauncher} with a memory system-config store and an initial
 * configuration ({@code qpid-embedded-config.json}: one AMQP 0-9-1 port on 127.0.0.1, the Plain
 * provider with guest, one in-memory virtual host node). Qpid wants a port number in its
 * configuration, so each start takes one a server socket just released.
 *
 * <ul>
 *   <li>{@code warm}: in one JVM, 5 unmeasured then 20 measured cycles of {@code startup()},
 *       an AMQP handshake to connection.start over a raw socket, and {@code shutdown()}.</li>
 *   <li>{@code fresh}: 5 child JVMs, timed by this parent from spawn until the child's broker
 *       answered the handshake.</li>
 * </ul>
 *
 * <pre>{@code
 * java -cp bench/target/benchmarks.jar io.warrenmq.bench.QpidStartupBenchmark warm fresh
 * }</pre>
 */
public final class QpidStartupBenchmark {
    private static final int WARMUP = 5;
    private static final int ROUNDS = 20;
    private static final int FRESH = 5;

    private QpidStartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        for (String mode : args.length == 0 ? new String[] {"warm", "fresh"} : args) {
            switch (mode) {
                case "warm" -> warm();
                case "fresh" -> fresh();
                case "child" -> child();
                default -> throw new IllegalArgumentException("unknown mode " + mode);
            }
        }
        System.exit(0); // Qpid leaves non-daemon threads behind after shutdown
    }

    /** A started broker and the port its AMQP listener took. */
    private record Started(SystemLauncher launcher, int port) {
    }

    private static Started start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path work = Files.createTempDirectory("qpid-startup-");
        Map<String, String> context = new HashMap<>();
        context.put("qpid.work_dir", work.toString());
        context.put("qpid.amqp_port", Integer.toString(port));
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("type", "Memory");
        attributes.put("initialConfigurationLocation",
                QpidStartupBenchmark.class.getResource("/qpid-embedded-config.json").toExternalForm());
        attributes.put("startupLoggedToSystemOut", false);
        attributes.put("context", context);
        SystemLauncher launcher = new SystemLauncher();
        launcher.startup(attributes);
        return new Started(launcher, port);
    }

    private static void warm() throws Exception {
        double[] startup = new double[ROUNDS];
        double[] accepting = new double[ROUNDS];
        double[] stop = new double[ROUNDS];
        for (int i = -WARMUP; i < ROUNDS; i++) {
            long t0 = System.nanoTime();
            Started b = start();
            long t1 = System.nanoTime();
            handshake(b.port());
            long t2 = System.nanoTime();
            b.launcher().shutdown();
            long t3 = System.nanoTime();
            if (i >= 0) {
                startup[i] = ms(t1 - t0);
                accepting[i] = ms(t2 - t0);
                stop[i] = ms(t3 - t2);
            }
        }
        print("qpid warm: SystemLauncher.startup() returns", startup);
        print("qpid warm: start to connection.start on a socket", accepting);
        print("qpid warm: shutdown()", stop);
    }

    private static void fresh() throws Exception {
        double[] fresh = new double[FRESH];
        double[] cpu = new double[FRESH];
        for (int i = 0; i < FRESH; i++) {
            String[] ready = new String[1];
            fresh[i] = spawnUntilLine(ready);
            cpu[i] = Double.parseDouble(ready[0].substring(ready[0].indexOf(" cpu-ms ") + 8).trim());
        }
        print("qpid fresh JVM: spawn to connection.start on a socket", fresh);
        print("qpid fresh JVM, CPU until connection.start (as StartupBenchmark fresh-library)", cpu);
    }

    private static void child() throws Exception {
        Started b = start();
        handshake(b.port());
        long cpuNanos = ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
        System.out.println("ready " + b.port() + " cpu-ms " + cpuNanos / 1_000_000);
        System.out.flush();
        b.launcher().shutdown();
    }

    /** Milliseconds from spawn to the child's "ready" line, which goes to {@code ready[0]}. */
    private static double spawnUntilLine(String[] ready) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), QpidStartupBenchmark.class.getName(), "child"));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("ready")) {
                    double took = ms(System.nanoTime() - t0);
                    ready[0] = line;
                    p.waitFor();
                    return took;
                }
            }
        } finally {
            p.destroyForcibly().waitFor();
        }
        throw new IllegalStateException("the Qpid child never printed ready");
    }

    /** Sends the 0-9-1 protocol header and waits for the first octet of connection.start. */
    private static void handshake(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1});
            out.flush();
            if (s.getInputStream().read() != 1) {
                throw new IOException("no connection.start");
            }
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void print(String what, double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        System.out.printf(Locale.ROOT, "%-82s median %8.2f ms  p90 %8.2f  min %8.2f  max %8.2f  (n=%d)%n", what,
                v[v.length / 2], v[(int) Math.ceil(v.length * 0.9) - 1], v[0], v[v.length - 1], v.length);
    }
}
