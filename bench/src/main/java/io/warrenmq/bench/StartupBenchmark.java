package io.warrenmq.bench;

import com.github.fridujo.rabbitmq.mock.MockConnectionFactory;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.warrenmq.server.Broker;
import io.warrenmq.server.BrokerConfig;
import io.warrenmq.testkit.Topology;
import io.warrenmq.testkit.WarrenBroker;
import io.warrenmq.testkit.WarrenBrokers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How fast Warren is ready, for the testkit's promise of "milliseconds" (issue 15), beside
 * rabbitmq-mock, the in-JVM fake test suites use today. Not JMH: a start is a one-off, and what
 * a test suite pays is the wall time of start, of the first connection and of stop.
 *
 * <ul>
 *   <li>{@code warm}: in one JVM, 20 unmeasured then 50 measured cycles of {@code new
 *       Broker(in memory, port 0).start()}, an AMQP handshake up to connection.start over a raw
 *       socket ("accepting"), a Java client connection with a channel, and {@code close()}.</li>
 *   <li>{@code fresh}: 10 child JVMs each, timed by this parent from spawn until the child's
 *       broker accepts a socket: the library started from a main class (as a test JVM does), and
 *       {@code warren.jar} with and without its class-data-sharing archive.</li>
 *   <li>{@code fresh-library}: the library part of {@code fresh} alone, in five variants spawned in
 *       turn: plain, {@code -Dio.netty.jfr.enabled=false}, an AppCDS archive made once here (with
 *       and without jfr), C1 only with the serial collector; each with the child's own CPU time
 *       until {@code start()} returned, which a loaded host moves far less than the wall time.
 *       The archive needs a class path of jars (the fat bench jar): JDK 17 refuses directories.</li>
 *   <li>{@code reset}: the testkit's {@code WarrenBroker.reset()} of a small topology (an exchange,
 *       two queues, a binding, a user, a policy, a second vhost with a queue), 20 unmeasured then
 *       200 measured; before each, the "test" publishes 3 messages to a declared queue and declares
 *       a queue of its own, so every reset purges one queue and deletes another. Then the same
 *       count of resets with nothing changed in between (back-to-back resets).</li>
 *   <li>{@code mock}: rabbitmq-mock's {@code newConnection()} plus a channel, warm (50 after 20)
 *       and in 10 fresh JVMs (spawn until the child printed that it has a channel).</li>
 * </ul>
 *
 * <pre>{@code
 * mvn -B -q -ntp -DskipTests install -pl bench -am
 * java -cp bench/target/benchmarks.jar io.warrenmq.bench.StartupBenchmark warm fresh mock
 * }</pre>
 */
public final class StartupBenchmark {
    private static final int WARMUP = 20;
    private static final int ROUNDS = 50;
    private static final int FRESH = 10;
    private static final String JAR = System.getProperty("warren.jar", "server/target/warren.jar");
    private static final String JSA = System.getProperty("warren.jsa", "server/target/warren.jsa");

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        for (String mode : args.length == 0 ? new String[] {"warm", "fresh", "mock"} : args) {
            switch (mode) {
                case "warm" -> warm();
                case "fresh" -> fresh();
                case "fresh-library" -> freshLibrary();
                case "mock" -> mock();
                case "reset" -> reset();
                case "child-library" -> childLibrary();
                case "child-mock" -> childMock();
                default -> throw new IllegalArgumentException("unknown mode " + mode);
            }
        }
    }

    // ---- in one JVM ----------------------------------------------------------------------------

    private static BrokerConfig inMemory() {
        return BrokerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(null).withIoThreads(1);
    }

    private static void warm() throws Exception {
        double[] start = new double[ROUNDS];
        double[] accepting = new double[ROUNDS];
        double[] client = new double[ROUNDS];
        double[] stop = new double[ROUNDS];
        for (int i = -WARMUP; i < ROUNDS; i++) {
            long t0 = System.nanoTime();
            Broker b = new Broker(inMemory()).start();
            long t1 = System.nanoTime();
            handshake(b.port());
            long t2 = System.nanoTime();
            ConnectionFactory f = new ConnectionFactory();
            f.setPort(b.port());
            try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
                ch.queueDeclare("", false, true, true, null);
            }
            long t3 = System.nanoTime();
            b.close();
            long t4 = System.nanoTime();
            if (i >= 0) {
                start[i] = ms(t1 - t0);
                accepting[i] = ms(t2 - t0);
                client[i] = ms(t3 - t2);
                stop[i] = ms(t4 - t3);
            }
        }
        print("warm: start() returns", start);
        print("warm: start to connection.start on a socket", accepting);
        print("warm: Java client connection + channel + declare", client);
        print("warm: close()", stop);
    }

    private static final int RESETS = 200;

    private static void reset() throws Exception {
        Topology topology = Topology.builder()
                .exchange("x", "direct")
                .queue("orders")
                .queue("audit")
                .bind("x", "orders", "k")
                .user("alice", "secret")
                .permissions("alice", ".*", ".*", ".*")
                .policy("ttl", "^ttl\\.", java.util.Map.of("message-ttl", 60_000))
                .vhost("tenant", v -> v.queue("tenant-q"))
                .build();
        double[] changed = new double[RESETS];
        double[] unchanged = new double[RESETS];
        try (WarrenBroker broker = WarrenBrokers.start(List.of(), topology, false,
                StartupBenchmark.class.getClassLoader());
                Connection c = broker.newConnection(); Channel ch = c.createChannel()) {
            for (int i = -WARMUP; i < RESETS; i++) {
                ch.queueDeclare("scratch-" + i, false, false, false, null);
                for (int m = 0; m < 3; m++) {
                    ch.basicPublish("x", "k", null, ("m" + m).getBytes(StandardCharsets.UTF_8));
                }
                broker.awaitQueueDepth("orders", 3, java.time.Duration.ofSeconds(10));
                long t0 = System.nanoTime();
                broker.reset();
                long t1 = System.nanoTime();
                if (broker.queueDepth("orders") != 0 || broker.queueDepth("scratch-" + i) != -1) {
                    throw new IllegalStateException("reset " + i + " left the test's changes behind");
                }
                if (i >= 0) {
                    changed[i] = ms(t1 - t0);
                }
            }
            for (int i = -WARMUP; i < RESETS; i++) {
                long t0 = System.nanoTime();
                broker.reset();
                long t1 = System.nanoTime();
                if (i >= 0) {
                    unchanged[i] = ms(t1 - t0);
                }
            }
        }
        print("reset: 3 messages purged from a declared queue, one added queue deleted", changed);
        print("reset: nothing changed since the last reset", unchanged);
    }

    /** Opens a socket, sends the protocol header and waits for the first octets of connection.start. */
    private static void handshake(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1});
            out.flush();
            if (s.getInputStream().read() != 1) { // frame type 1: a method frame (connection.start)
                throw new IOException("no connection.start");
            }
        }
    }

    private static void mock() throws Exception {
        double[] warm = new double[ROUNDS];
        for (int i = -WARMUP; i < ROUNDS; i++) {
            long t0 = System.nanoTime();
            try (Connection c = new MockConnectionFactory().newConnection(); Channel ch = c.createChannel()) {
                ch.queueDeclare("", false, true, true, null);
            }
            if (i >= 0) {
                warm[i] = ms(System.nanoTime() - t0);
            }
        }
        print("rabbitmq-mock warm: newConnection + channel + declare", warm);
        double[] fresh = new double[FRESH];
        for (int i = 0; i < FRESH; i++) {
            fresh[i] = spawnUntilLine(javaCommand("child-mock"), "ready");
        }
        print("rabbitmq-mock fresh JVM: spawn to a channel", fresh);
    }

    private static void childMock() throws Exception {
        try (Connection c = new MockConnectionFactory().newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare("", false, true, true, null);
            System.out.println("ready");
            System.out.flush();
        }
    }

    // ---- fresh JVMs ----------------------------------------------------------------------------

    private static void fresh() throws Exception {
        freshLibrary();
        double[] withCds = new double[FRESH];
        double[] withoutCds = new double[FRESH];
        for (int i = 0; i < FRESH; i++) {
            withCds[i] = spawnJarUntilAccepting(true);
            withoutCds[i] = spawnJarUntilAccepting(false);
        }
        print("fresh JVM: spawn to accepting, java -XX:SharedArchiveFile=warren.jsa -jar warren.jar", withCds);
        print("fresh JVM: spawn to accepting, java -jar warren.jar (no CDS archive)", withoutCds);
    }

    /**
     * The library from a main class, as a test JVM starts it: without an archive, and with an
     * AppCDS archive of the classes one such start loaded ({@code -XX:ArchiveClassesAtExit}, made
     * once here; what the testkit documents for surefire's argLine). Alternating, so load from
     * other work on the host falls on both alike.
     */
    private static void freshLibrary() throws Exception {
        Path archive = Files.createTempDirectory("warren-appcds-").resolve("library.jsa");
        spawnUntilLine(javaCommand("child-library", "-XX:ArchiveClassesAtExit=" + archive), "ready");
        for (int tries = 0; tries < 100 && !Files.exists(archive); tries++) {
            Thread.sleep(50); // the archive is written as the child exits
        }
        String noJfr = "-Dio.netty.jfr.enabled=false";
        List<List<String>> commands = List.of(javaCommand("child-library"), javaCommand("child-library", noJfr),
                javaCommand("child-library", "-XX:SharedArchiveFile=" + archive),
                javaCommand("child-library", "-XX:SharedArchiveFile=" + archive, noJfr),
                javaCommand("child-library", noJfr, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        double[][] took = new double[commands.size()][FRESH];
        double[][] cpu = new double[commands.size()][FRESH];
        for (int i = 0; i < FRESH; i++) {
            for (int c = 0; c < commands.size(); c++) {
                took[c][i] = spawnUntilLine(commands.get(c), "ready");
                cpu[c][i] = lastChildCpuMillis;
            }
        }
        // why CPU as well: on a shared host the wall time mostly measures the other builds; the
        // child's own CPU time until start() returned (all its threads: JIT, GC, class loading) does not
        print("fresh JVM, CPU until start() returned: library, from a main class", cpu[0]);
        print("fresh JVM, CPU: -Dio.netty.jfr.enabled=false", cpu[1]);
        print("fresh JVM, CPU: AppCDS archive", cpu[2]);
        print("fresh JVM, CPU: AppCDS archive and jfr off", cpu[3]);
        print("fresh JVM, CPU: jfr off, -XX:TieredStopAtLevel=1 -XX:+UseSerialGC", cpu[4]);
        print("fresh JVM: spawn to Broker.start() returned (library, from a main class)", took[0]);
        print("fresh JVM: the same, -Dio.netty.jfr.enabled=false", took[1]);
        print("fresh JVM: the same with an AppCDS archive (-XX:SharedArchiveFile)", took[2]);
        print("fresh JVM: AppCDS archive and -Dio.netty.jfr.enabled=false", took[3]);
        print("fresh JVM: no archive, jfr off, -XX:TieredStopAtLevel=1 -XX:+UseSerialGC", took[4]);
    }

    private static void childLibrary() {
        try (Broker b = new Broker(inMemory()).start()) {
            long cpuNanos = ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
            System.out.println("ready " + b.port() + " cpu-ms " + cpuNanos / 1_000_000);
            System.out.flush();
        }
    }

    private static List<String> javaCommand(String mode, String... jvmOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), StartupBenchmark.class.getName(), mode));
        return cmd;
    }

    /** Milliseconds from spawning {@code cmd} until it prints a line starting with {@code marker}. */
    /** The CPU milliseconds the last child reported on its marker line ({@code ... cpu-ms N}), or -1. */
    private static double lastChildCpuMillis;

    private static double spawnUntilLine(List<String> cmd, String marker) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith(marker)) {
                    double took = ms(System.nanoTime() - t0);
                    int at = line.indexOf(" cpu-ms ");
                    lastChildCpuMillis = at < 0 ? -1 : Double.parseDouble(line.substring(at + 8).trim());
                    p.waitFor();
                    return took;
                }
            }
        } finally {
            p.destroyForcibly().waitFor();
        }
        throw new IllegalStateException(cmd + " never printed " + marker);
    }

    /** warren.jar on a free port with an empty data directory: milliseconds until its port accepts. */
    private static double spawnJarUntilAccepting(boolean cds) throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("warren-startup-");
        Path conf = dir.resolve("warren.conf");
        Files.writeString(conf, "listeners.tcp.default = 127.0.0.1:" + port + "\ndata_dir = " + dir.resolve("data")
                + "\nmanagement.enabled = false\nprometheus.enabled = false\n");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (cds) {
            cmd.add("-XX:SharedArchiveFile=" + JSA);
        }
        cmd.addAll(List.of("-jar", JAR, "--config", conf.toString()));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
        try {
            while (true) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 100);
                    return ms(System.nanoTime() - t0);
                } catch (IOException notYet) {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("warren.jar exited: " + Files.readString(dir.resolve("out.log")));
                    }
                    Thread.sleep(2);
                }
            }
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    // ---- output --------------------------------------------------------------------------------

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
