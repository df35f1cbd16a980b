package io.warrenmq.bench;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.warrenmq.codec.method.BasicMethod;
import io.warrenmq.codec.method.ConfirmMethod;
import io.warrenmq.codec.method.QueueMethod;
import io.warrenmq.codec.types.FieldTable;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A light AMQP 0-9-1 load generator, after RabbitMQ's PerfTest but built so that the broker, not the
 * client, is the bottleneck: Netty, one event loop per connection, pipelined publishes copied from a
 * pre-encoded template, deliveries counted in place (see {@link ClientConnection}, {@link Publisher},
 * {@link Receiver}).
 *
 * <p>It declares one queue (durable with {@code --persistent}), starts the consumers, then the
 * producers, which publish to it through the default exchange for {@code --duration} seconds; it
 * prints the rates every second and a {@code summary} line of {@code key=value} pairs; finally it
 * deletes the queue. Rates prefixed {@code ss_} leave out the first {@code --warmup} seconds.
 * Exit status: 0, 1 when a connection failed (the broker closed it), 2 for a bad command line.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.warrenmq.bench.LoadGenerator --uri amqp://guest:guest@localhost:5672 \
 *     --size 16 --duration 20 [--persistent] [--confirm 1000] [--ack 100 --prefetch 1000]
 * </pre>
 *
 * <p>Thread-safety: one run per instance, driven by the calling thread.
 */
public final class LoadGenerator {
    private static final long CONNECT_TIMEOUT_S = 15;
    private static final long DELETE_TIMEOUT_S = 60;
    /** USER_HZ of /proc/PID/stat: 100 on every mainstream Linux (the JDK has no portable sysconf). */
    private static final long CLOCK_TICKS = 100;

    /** What a run measured. Rates are messages per second. */
    record Summary(long sent, long received, long confirmed, long nacked, double sendRate, double receiveRate,
                   double confirmRate, double steadySendRate, double steadyReceiveRate, LatencyHistogram latency,
                   double clientCpuSeconds, double brokerCpuSeconds, String failure) {

        String line() {
            String broker = brokerCpuSeconds < 0 ? "NA" : String.format(Locale.ROOT, "%.2f", brokerCpuSeconds);
            return String.format(Locale.ROOT, "summary sent=%d received=%d confirmed=%d nacked=%d send_rate=%.0f "
                            + "recv_rate=%.0f confirm_rate=%.0f ss_send_rate=%.0f ss_recv_rate=%.0f latency_p50_us=%d "
                            + "latency_p99_us=%d latency_max_us=%d client_cpu_s=%.2f broker_cpu_s=%s "
                            + "broker_us_per_msg=%s broker_us_per_sent=%s%s",
                    sent, received, confirmed, nacked, sendRate, receiveRate, confirmRate, steadySendRate,
                    steadyReceiveRate, micros(latency.percentile(0.5)), micros(latency.percentile(0.99)),
                    micros(latency.max()), clientCpuSeconds, broker, perMessage(received), perMessage(sent),
                    failure == null ? "" : " failure=\"" + failure + "\"");
        }

        /** Broker CPU microseconds per message ({@code broker_us_per_msg}: per delivered one, as perftest.sh). */
        private String perMessage(long messages) {
            return brokerCpuSeconds < 0 || messages == 0 ? "NA"
                    : String.format(Locale.ROOT, "%.2f", brokerCpuSeconds * 1e6 / messages);
        }

        private static long micros(long nanos) {
            return TimeUnit.NANOSECONDS.toMicros(nanos);
        }
    }

    private final LoadOptions options;
    private final PrintStream out;
    private final List<ClientConnection> connections = new ArrayList<>();
    private final List<Publisher> publishers = new ArrayList<>();
    private final List<Receiver> receivers = new ArrayList<>();

    LoadGenerator(LoadOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(LoadOptions.USAGE);
            return;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        Summary summary = new LoadGenerator(options, System.out).run();
        System.exit(summary.failure() == null ? 0 : 1);
    }

    /** Connects, runs for the configured duration, cleans up and returns the figures (also printed). */
    Summary run() throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(options.threads(),
                new DefaultThreadFactory("loadgen"), NioIoHandler.newFactory());
        try {
            String failure = null;
            try {
                open(group);
            } catch (ExecutionException | TimeoutException e) {
                failure = "setup failed: " + rootMessage(e);
                out.println(failure);
                closeAll();
                return new Summary(0, 0, 0, 0, 0, 0, 0, 0, 0, new LatencyHistogram(), 0, -1, failure);
            }
            out.println("Warren load generator -> " + connections.get(0).serverProduct() + " at " + options.describe());
            Summary summary = measure();
            cleanUp();
            out.println(summary.line());
            return summary;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** Consumers first (the first connection declares the queue), then producers. */
    private void open(EventLoopGroup group) throws ExecutionException, TimeoutException, InterruptedException {
        for (int i = 0; i < options.consumers(); i++) {
            ClientConnection c = connect(group);
            Receiver receiver = new Receiver(c, options.ackEvery(), options.prefetch());
            c.listen(receiver);
            boolean noAck = options.ackEvery() == 0;
            if (!noAck && options.prefetch() > 0) {
                await(c.call(new BasicMethod.Qos(0, options.prefetch(), false)));
            }
            await(c.call(new BasicMethod.Consume(options.queue(), "", false, noAck, false, false, FieldTable.EMPTY)));
            receivers.add(receiver);
        }
        for (int i = 0; i < options.producers(); i++) {
            ClientConnection c = connect(group);
            if (options.confirmWindow() > 0) {
                await(c.call(new ConfirmMethod.Select(false)));
            }
            Publisher publisher = new Publisher(c, options.queue(), options.bodySize(), options.persistent(),
                    options.confirmWindow());
            c.listen(publisher);
            publishers.add(publisher);
        }
    }

    private ClientConnection connect(EventLoopGroup group)
            throws ExecutionException, TimeoutException, InterruptedException {
        ClientConnection c = ClientConnection.connect(group, options.address()).get(CONNECT_TIMEOUT_S, TimeUnit.SECONDS);
        connections.add(c);
        if (connections.size() == 1) {
            boolean durable = options.persistent();
            await(c.call(new QueueMethod.Declare(options.queue(), false, durable, false, false, false,
                    FieldTable.EMPTY)));
        }
        return c;
    }

    private Summary measure() throws InterruptedException {
        out.printf(Locale.ROOT, "%6s %12s %12s %12s%n", "time", "sent/s", "received/s", "confirmed/s");
        long clientCpuAtStart = clientCpuNanos();
        long brokerCpuAtStart = brokerCpuTicks();
        long start = System.nanoTime();
        publishers.forEach(p -> p.start(options.ratePerProducer()));
        long[] last = totals();
        long lastAt = start;
        long[] atWarmup = options.warmupSeconds() == 0 ? last : null;
        long warmupAt = start;
        String failure = null;
        for (int second = 1; second <= options.durationSeconds(); second++) {
            long due = start + TimeUnit.SECONDS.toNanos(second);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            long now = System.nanoTime();
            long[] t = totals();
            double secs = (now - lastAt) / 1e9;
            out.printf(Locale.ROOT, "%5ds %12.0f %12.0f %12s%n", second, (t[0] - last[0]) / secs,
                    (t[1] - last[1]) / secs, options.confirmWindow() == 0 ? "-"
                            : String.format(Locale.ROOT, "%.0f", (t[2] - last[2]) / secs));
            last = t;
            lastAt = now;
            if (second == options.warmupSeconds()) {
                atWarmup = t;
                warmupAt = now;
            }
            failure = failure();
            if (failure != null) {
                out.println("stopping: " + failure);
                break;
            }
        }
        publishers.forEach(Publisher::stop);
        double clientCpu = (clientCpuNanos() - clientCpuAtStart) / 1e9;
        double brokerCpu = options.brokerPid() == 0 ? -1 : (brokerCpuTicks() - brokerCpuAtStart) / (double) CLOCK_TICKS;
        double total = (lastAt - start) / 1e9;
        double steady = (lastAt - warmupAt) / 1e9;
        if (atWarmup == null) {
            atWarmup = new long[] {0, 0, 0, 0};
        }
        return new Summary(last[0], last[1], last[2], last[3], last[0] / total, last[1] / total, last[2] / total,
                steady > 0 ? (last[0] - atWarmup[0]) / steady : 0, steady > 0 ? (last[1] - atWarmup[1]) / steady : 0,
                mergedLatency(), clientCpu, brokerCpu, failure);
    }

    private static long clientCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    /** utime + stime of the broker process (all its threads), in clock ticks; 0 when not asked or unreadable. */
    private long brokerCpuTicks() {
        if (options.brokerPid() == 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(options.brokerPid()), "stat"));
            // fields after the parenthesised command name: state(3) ... utime(14) stime(15)
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            out.println("cannot read the CPU time of pid " + options.brokerPid() + ": " + e.getMessage());
            return 0;
        }
    }

    /** {sent, received, confirmed, nacked} over all producers and consumers. */
    private long[] totals() {
        long[] t = new long[4];
        for (Publisher p : publishers) {
            t[0] += p.published();
            t[2] += p.confirmed();
            t[3] += p.nacked();
        }
        for (Receiver r : receivers) {
            t[1] += r.received();
        }
        return t;
    }

    private String failure() {
        for (ClientConnection c : connections) {
            CompletableFuture<Void> closed = c.closed();
            if (closed.isDone()) {
                return closed.isCompletedExceptionally()
                        ? rootMessage(closed.handle((v, e) -> e).join())
                        : "a connection closed";
            }
        }
        return null;
    }

    private LatencyHistogram mergedLatency() {
        LatencyHistogram merged = new LatencyHistogram();
        for (int i = 0; i < receivers.size(); i++) {
            Receiver r = receivers.get(i);
            // why: the histogram belongs to the consumer's loop; read it there
            try {
                connections.get(i).loop().submit(() -> merged.add(r.latency())).get(5, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException | InterruptedException e) {
                out.println("latency of consumer " + i + " unavailable: " + rootMessage(e));
            }
        }
        return merged;
    }

    /** Deletes the queue (its backlog with it) and closes every connection. */
    private void cleanUp() {
        for (ClientConnection c : connections) {
            if (!c.closed().isDone()) {
                try {
                    c.call(new QueueMethod.Delete(options.queue(), false, false, false))
                            .get(DELETE_TIMEOUT_S, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException | InterruptedException e) {
                    out.println("could not delete queue " + options.queue() + ": " + rootMessage(e));
                }
                break;
            }
        }
        closeAll();
    }

    private void closeAll() {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (ClientConnection c : connections) {
            closing.add(c.close());
        }
        try {
            CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            out.println("connections did not close cleanly: " + rootMessage(e));
        }
    }

    private static <T> T await(CompletableFuture<T> f) throws ExecutionException, TimeoutException,
            InterruptedException {
        return f.get(CONNECT_TIMEOUT_S, TimeUnit.SECONDS);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof java.util.concurrent.CompletionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
