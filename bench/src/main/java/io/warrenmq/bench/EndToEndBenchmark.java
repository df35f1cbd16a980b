package io.warrenmq.bench;

import com.sun.management.ThreadMXBean;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.warrenmq.codec.method.BasicMethod;
import io.warrenmq.codec.method.QueueMethod;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.server.Broker;
import io.warrenmq.server.BrokerConfig;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * publish → route → enqueue → deliver through a real, in-process {@link Broker} (in memory, port 0,
 * over loopback TCP), driven by the load generator's {@link Publisher} and {@link Receiver}: one
 * producer connection, one consumer connection on one queue, 16-byte transient messages. One
 * operation is one message; an invocation publishes 1,000 (pipelined) and returns when the consumer
 * has received them all.
 *
 * <p>The trial's setup first pushes 2,000,000 messages through, unmeasured, so that JMH's warm-up
 * iterations start from a compiled broker. {@code ack=auto} is a no-ack consumer; {@code ack=100} acknowledges with one
 * {@code basic.ack multiple} per 100 deliveries, prefetch 1,000.
 *
 * <p>Allocation: {@code -prof gc}'s {@code gc.alloc.rate.norm} counts every thread of the JVM, the
 * client's included. So each iteration also prints the bytes allocated per message by thread group,
 * from {@link ThreadMXBean#getThreadAllocatedBytes}: {@code broker} (the {@code amqp-io} loops),
 * {@code client} (the {@code loadgen} loops) and {@code other} (JMH, the alarm thread...).
 *
 * <p>Thread-safety: one benchmark thread ({@link Scope#Benchmark} state, driven by one thread).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EndToEndBenchmark {
    private static final int BATCH = 1000;
    private static final int PRE_WARM_MESSAGES = 2_000_000;
    private static final int BODY_SIZE = 16;
    private static final String QUEUE = "bench";

    @Param({"auto", "100"})
    public String ack;

    /**
     * {@code none}: no message observer (the default, {@code MessageObserver.NONE}); {@code journal}:
     * the testkit's journal with its default capacity (10,000 entries of each kind).
     */
    @Param({"none"})
    public String observer;

    private Broker broker;
    private EventLoopGroup clientLoops;
    private ClientConnection producer;
    private ClientConnection consumer;
    private Publisher publisher;
    private Receiver receiver;
    private long expected;

    private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private long[] allocatedAtStart;
    private long receivedAtStart;

    @Setup(Level.Trial)
    public void start() throws Exception {
        broker = new Broker(BrokerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(null));
        if (observer.equals("journal")) {
            broker.observeMessages(new io.warrenmq.testkit.journal.MessageJournal(
                    io.warrenmq.testkit.journal.MessageJournal.DEFAULT_CAPACITY, "/").observer());
        } else if (!observer.equals("none")) {
            throw new IllegalArgumentException("observer must be none or journal, got " + observer);
        }
        broker.start();
        clientLoops = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("loadgen"),
                NioIoHandler.newFactory());
        BrokerAddress address = BrokerAddress.defaults().withHost("127.0.0.1").withPort(broker.port());
        consumer = ClientConnection.connect(clientLoops, address).get(10, TimeUnit.SECONDS);
        producer = ClientConnection.connect(clientLoops, address).get(10, TimeUnit.SECONDS);
        consumer.call(new QueueMethod.Declare(QUEUE, false, false, false, false, false, FieldTable.EMPTY))
                .get(10, TimeUnit.SECONDS);
        int ackEvery = ack.equals("auto") ? 0 : Integer.parseInt(ack);
        int prefetch = 1000;
        receiver = new Receiver(consumer, ackEvery, prefetch);
        consumer.listen(receiver);
        if (ackEvery > 0) {
            consumer.call(new BasicMethod.Qos(0, prefetch, false)).get(10, TimeUnit.SECONDS);
        }
        consumer.call(new BasicMethod.Consume(QUEUE, "", false, ackEvery == 0, false, false, FieldTable.EMPTY))
                .get(10, TimeUnit.SECONDS);
        publisher = new Publisher(producer, QUEUE, BODY_SIZE, false, 0);
        producer.listen(publisher);
        // why: on two shared cores the broker's path keeps getting faster for ~20 s of JIT work; warming it
        // here lets the usual short -wi/-w settings measure a compiled broker instead of the compiler
        for (int i = 0; i < PRE_WARM_MESSAGES / BATCH; i++) {
            publishRouteEnqueueDeliver();
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        producer.close().get(10, TimeUnit.SECONDS);
        consumer.close().get(10, TimeUnit.SECONDS);
        clientLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        broker.close();
    }

    @Setup(Level.Iteration)
    public void countFrom() {
        allocatedAtStart = allocatedByGroup();
        receivedAtStart = receiver.received();
    }

    @TearDown(Level.Iteration)
    public void reportAllocation() {
        long[] now = allocatedByGroup();
        long messages = receiver.received() - receivedAtStart;
        System.out.printf(Locale.ROOT, "  [bytes allocated per message: broker %.1f, client %.1f, other %.1f]",
                (double) (now[0] - allocatedAtStart[0]) / messages, (double) (now[1] - allocatedAtStart[1]) / messages,
                (double) (now[2] - allocatedAtStart[2]) / messages);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long publishRouteEnqueueDeliver() {
        expected += BATCH;
        publisher.publish(BATCH);
        receiver.awaitReceived(expected);
        return expected;
    }

    /** Bytes allocated so far by {broker loops, client loops, everything else} (live threads only). */
    private long[] allocatedByGroup() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] all = new Thread[root.activeCount() + 16];
        int n = root.enumerate(all, true);
        long[] out = new long[3];
        for (int i = 0; i < n; i++) {
            long bytes = threads.getThreadAllocatedBytes(all[i].getId());
            if (bytes > 0) {
                String name = all[i].getName();
                out[name.startsWith("amqp-io") ? 0 : name.startsWith("loadgen") ? 1 : 2] += bytes;
            }
        }
        return out;
    }
}
