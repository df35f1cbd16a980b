package io.warrenmq.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Stream;
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
 * The persistent-publish path of {@link DurableStore}: {@code publish} hands a record to the
 * {@code store-journal} thread, which frames it (CRC32C), writes it with the batch, forces the file
 * when the group-commit policy says so (defaults: 1 ms, 4096 records, 4 MiB, or idle) and then runs
 * {@code onDurable}. One operation is one message, counted once its {@code onDurable} has run.
 *
 * <ul>
 *   <li>{@code publishBatchAwaitDurable}: 1,000 publishes, then wait for all their callbacks (what a
 *       confirm-mode publisher with a window of 1,000 sees; one fsync covers many records);</li>
 *   <li>{@code publishOneAwaitDurable}: one publish, then wait (a publisher that waits for each
 *       confirm: the latency of one group commit).</li>
 * </ul>
 * {@code fsync=false} opens the segments through a {@link ForwardingFileChannel} whose {@code force}
 * does nothing: the raw append path (hand-over, framing, write syscall, callback) without the disk's
 * flush latency. Each iteration starts with an empty store in a fresh directory under
 * {@code -Dwarren.bench.dir} (default: java.io.tmpdir), deleted afterwards.
 *
 * <p>Thread-safety: one instance per benchmark thread; callbacks arrive on the journal thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DurableStoreBenchmark {
    private static final int BATCH = 1000;
    private static final List<String> QUEUES = List.of("bench");

    @Param({"16", "1024"})
    public int bodySize;

    @Param({"true", "false"})
    public boolean fsync;

    private Path directory;
    private DurableStore store;
    private ByteBuf properties;
    private ByteBuf body;
    private long published;

    private final AtomicLong durable = new AtomicLong();
    private volatile long waitFor = Long.MAX_VALUE;
    private volatile Thread waiter;
    private volatile Throwable failure;
    private final Runnable onDurable = () -> {
        if (durable.incrementAndGet() >= waitFor) {
            LockSupport.unpark(waiter);
        }
    };
    private final Consumer<Throwable> onFailure = e -> failure = e;

    @Setup(Level.Trial)
    public void buffers() {
        // flags 0x1000 (delivery-mode only), delivery-mode 2: what a persistent publish carries
        properties = ByteBufAllocator.DEFAULT.directBuffer(3).writeShort(0x1000).writeByte(2);
        body = ByteBufAllocator.DEFAULT.directBuffer(bodySize).writeZero(bodySize);
    }

    @Setup(Level.Iteration)
    public void open() throws IOException {
        Path base = Path.of(System.getProperty("warren.bench.dir", System.getProperty("java.io.tmpdir")));
        directory = Files.createTempDirectory(base, "warren-store-bench-");
        StoreOptions options = StoreOptions.defaults();
        if (!fsync) {
            options = options.withChannelFactory((path, openOptions) -> new NoForce(FileChannel.open(path, openOptions)));
        }
        store = DurableStore.open(directory, options);
        durable.set(0);
        published = 0;
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @TearDown(Level.Trial)
    public void release() {
        properties.release();
        body.release();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long publishBatchAwaitDurable() {
        for (int i = 0; i < BATCH; i++) {
            store.publish("/", QUEUES, "", "bench", properties, body, onDurable, onFailure);
        }
        published += BATCH;
        return awaitDurable(published);
    }

    @Benchmark
    public long publishOneAwaitDurable() {
        store.publish("/", QUEUES, "", "bench", properties, body, onDurable, onFailure);
        return awaitDurable(++published);
    }

    private long awaitDurable(long target) {
        waiter = Thread.currentThread();
        waitFor = target;
        long n;
        while ((n = durable.get()) < target) {
            if (failure != null) {
                throw new IllegalStateException("the store failed", failure);
            }
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(1));
        }
        waitFor = Long.MAX_VALUE;
        return n;
    }

    /** A segment file whose {@code force} is a no-op: appends reach the page cache only. */
    static final class NoForce extends ForwardingFileChannel {
        NoForce(FileChannel real) {
            super(real);
        }

        @Override
        public void force(boolean metaData) {
            // the point of this channel: no flush to the device
        }
    }
}
