package io.warrenmq.bench;

import io.warrenmq.server.Broker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * How long {@code GET /api/queues} takes with many queues (issue 14's figure: 10k under 100 ms,
 * 100k under 1 s), and a paged request beside it. Not JMH: one request is milliseconds to a
 * second, and what matters is the wall time an operator's tool sees over a real HTTP socket.
 *
 * <p>Per queue count: an in-memory broker with the management API on an ephemeral port, the
 * queues created by one definitions import, then {@code warmup} unmeasured and {@code rounds}
 * measured requests with the JDK's HTTP client, each reading the whole body.
 *
 * <pre>{@code
 * java -cp bench/target/benchmarks.jar io.warrenmq.bench.QueueListingBenchmark 10000 100000
 * }</pre>
 */
public final class QueueListingBenchmark {
    private static final int WARMUP = 5;
    private static final int ROUNDS = 7;

    private QueueListingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] counts = args.length == 0 ? new int[] {10_000, 100_000}
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        for (int n : counts) {
            run(n);
        }
    }

    private static void run(int queues) throws Exception {
        try (Broker broker = ManagedBroker.withQueues(queues)) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + broker.managementPort();
            String auth = "Basic " + Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8));
            measure(http, base + "/api/queues", auth, queues, "all");
            measure(http, base + "/api/queues?page=1&page_size=100", auth, queues, "page of 100");
            measure(http, base + "/api/queues/%2F?columns=name,messages", auth, queues, "columns=name,messages");
        }
    }

    private static void measure(HttpClient http, String url, String auth, int queues, String what) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth)
                .timeout(Duration.ofSeconds(60)).GET().build();
        long bytes = 0;
        for (int i = 0; i < WARMUP; i++) {
            bytes = fetch(http, req);
        }
        double[] ms = new double[ROUNDS];
        double[] cpu = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long c0 = serverCpuNanos();
            long t0 = System.nanoTime();
            fetch(http, req);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (serverCpuNanos() - c0) / 1e6;
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        System.out.printf(Locale.ROOT,
                "queues=%d %-22s median %.1f ms  min %.1f  max %.1f  server CPU median %.1f ms  (%d bytes)%n",
                queues, what, ms[ROUNDS / 2], ms[0], ms[ROUNDS - 1], cpu[ROUNDS / 2], bytes);
    }

    /**
     * CPU time of the management API's threads so far (its {@code mgmt-} loop): what a request costs
     * the broker, unlike the wall time, is not inflated when other processes share the cores.
     */
    private static long serverCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("mgmt-")) {
                sum += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    private static long fetch(HttpClient http, HttpRequest req) throws Exception {
        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body().length;
    }
}
