package io.warrenmq.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
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
final class TrackingChannel extends FileChannel {
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

    private final FileChannel real;
    private final Factory factory;
    volatile long writtenEnd;
    volatile long forcedEnd;

    private TrackingChannel(FileChannel real, Factory factory) {
        this.real = real;
        this.factory = factory;
    }

    private <T extends Number> T wrote(T n) throws IOException {
        writtenEnd = Math.max(writtenEnd, real.position());
        return n;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return real.read(dsts, offset, length);
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
    public long position() throws IOException {
        return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        real.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return real.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        real.truncate(size);
        return this;
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
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return real.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return real.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        int n = real.write(src, position);
        writtenEnd = Math.max(writtenEnd, position + n);
        return n;
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return real.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        real.close();
    }
}
