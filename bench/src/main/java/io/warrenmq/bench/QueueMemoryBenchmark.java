package io.warrenmq.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.warrenmq.server.Broker;
import io.warrenmq.server.BrokerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;

/**
 * Heap per idle queue and per binding (issue 18: "an empty queue costs ~10.8 KB"): an in-memory
 * broker in this JVM, {@code n} transient queues declared over the Java client (each also bound to
 * amq.direct), the heap in use after full collections measured before the queues, after them and
 * after their bindings. Prints bytes per queue and per binding and, with {@code histo}, the
 * broker's top classes by retained instances' shallow size (jcmd GC.class_histogram on itself).
 *
 * <pre>java -cp bench/target/benchmarks.jar io.warrenmq.bench.QueueMemoryBenchmark [n] [histo]</pre>
 *
 * <p>With {@code remote PORT N COMMAND} it declares and binds against another broker on loopback
 * (RabbitMQ: bench/scripts/rabbitmq-queue-memory.sh) and runs {@code COMMAND} (sh -c) before, after
 * the queues and after the bindings; COMMAND prints that broker's memory in bytes.
 */
public final class QueueMemoryBenchmark {
    private QueueMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("remote")) {
            remote(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3]);
            return;
        }
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        boolean histo = args.length > 1 && args[1].equals("histo");
        BrokerConfig config = BrokerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(null)
                .withIoThreads(1);
        try (Broker broker = new Broker(config).start()) {
            ConnectionFactory f = new ConnectionFactory();
            f.setHost("127.0.0.1");
            f.setPort(broker.port());
            f.setAutomaticRecoveryEnabled(false); // no client-side records of the queues in this heap
            f.setTopologyRecoveryEnabled(false);
            try (Connection c = f.newConnection()) {
                Channel ch = c.createChannel();
                ch.queueDeclare("warm-up", false, false, false, null);
                long before = heapAfterGc();
                for (int i = 0; i < n; i++) {
                    ch.queueDeclare("q-" + i, false, false, false, null);
                }
                long queues = heapAfterGc();
                for (int i = 0; i < n; i++) {
                    ch.queueBind("q-" + i, "amq.direct", "rk-" + i);
                }
                long bound = heapAfterGc();
                System.out.printf("queues=%d heap_before=%d heap_queues=%d heap_bound=%d%n", n, before, queues, bound);
                System.out.printf("bytes_per_queue=%d bytes_per_binding=%d%n", (queues - before) / n,
                        (bound - queues) / n);
                if (histo) {
                    printHistogram();
                }
            }
        }
    }

    private static void remote(int port, int n, String memoryCommand) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(port);
        f.setAutomaticRecoveryEnabled(false);
        try (Connection c = f.newConnection()) {
            Channel ch = c.createChannel();
            ch.queueDeclare("warm-up", false, false, false, null);
            long before = memory(memoryCommand);
            for (int i = 0; i < n; i++) {
                ch.queueDeclare("q-" + i, false, false, false, null);
            }
            long queues = memory(memoryCommand);
            for (int i = 0; i < n; i++) {
                ch.queueBind("q-" + i, "amq.direct", "rk-" + i);
            }
            long bound = memory(memoryCommand);
            System.out.printf("remote queues=%d memory_before=%d memory_queues=%d memory_bound=%d%n", n, before, queues,
                    bound);
            System.out.printf("bytes_per_queue=%d bytes_per_binding=%d%n", (queues - before) / n, (bound - queues) / n);
        }
    }

    /** Runs {@code command} and reads the number it prints (after the broker settled for a second). */
    private static long memory(String command) throws Exception {
        Thread.sleep(1000);
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        p.waitFor();
        return Long.parseLong(out.replaceAll("[^0-9]", ""));
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void printHistogram() throws Exception {
        Process p = new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            r.lines().limit(40).forEach(System.out::println);
        }
        p.waitFor();
    }
}
