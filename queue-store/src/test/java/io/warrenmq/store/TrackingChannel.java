package io.warrenmq.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake {@link FileChannel} around the real one: remembers how far the file was written and
 * how far the last {@code force()} reached, and can be told to fail forces. A fake, not a mock:
 * it really writes.
 */
final class TrackingChannel extends ForwardingFileChannel {
    /** Hands out tracking channels for files opened for writing and remembers them by path. */
    static final class Factory implements ChannelFactory {
        final Map<Path, TrackingChannel> writers = new ConcurrentHashMap<>();
        final AtomicInteger forces = new AtomicInteger();
        final AtomicBoolean failForces = new AtomicBoolean();

        @Override
        public FileChannel open(Path path, OpenOption... options) throws IOException {
            FileChannel real = FileChannel.open(path, options);
            if (!Set.of(options).contains(java.nio.file.StandardOpenOption.WRITE)) {
                return real;
            }
            TrackingChannel t = new TrackingChannel(real, this);
            writers.put(path.getFileName(), t);
            return t;
        }

        TrackingChannel of(String fileName) {
            return writers.get(Path.of(fileName));
        }
    }

    private final Factory factory;
    volatile long writtenEnd;
    volatile long forcedEnd;

    private TrackingChannel(FileChannel real, Factory factory) {
        super(real);
        this.factory = factory;
    }

    private <T extends Number> T wrote(T n) throws IOException {
        writtenEnd = Math.max(writtenEnd, real.position());
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return wrote(real.write(src));
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return wrote(real.write(srcs, offset, length));
    }

    @Override
    public void force(boolean metaData) throws IOException {
        if (factory.failForces.get()) {
            throw new IOException("injected fsync failure");
        }
        long end = writtenEnd;
        real.force(metaData);
        forcedEnd = end;
        factory.forces.incrementAndGet();
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        int n = real.write(src, position);
        writtenEnd = Math.max(writtenEnd, position + n);
        return n;
    }
}
