package io.warrenmq.codec.fuzz;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands out heap buffers and remembers them, so a fuzz target can turn "still referenced after everything
 * was released" into a finding at once (why: the leak detector only logs, and only after a GC).
 *
 * <p>Thread-safety: one fuzz iteration at a time.
 */
final class TrackingAllocator extends AbstractByteBufAllocator {
    private final List<ByteBuf> allocated = new ArrayList<>();

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        ByteBuf buf = new UnpooledHeapByteBuf(UnpooledByteBufAllocator.DEFAULT, initialCapacity, maxCapacity);
        allocated.add(buf);
        return buf;
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return newHeapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    void assertAllReleased() {
        for (ByteBuf buf : allocated) {
            if (buf.refCnt() > 0) {
                throw new IllegalStateException("a buffer of " + buf.capacity() + " octets was never released");
            }
        }
    }
}
