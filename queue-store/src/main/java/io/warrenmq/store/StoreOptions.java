package io.warrenmq.store;

import io.netty.buffer.ByteBufAllocator;
import java.util.Objects;

/**
 * Tuning of a {@link DurableStore}.
 *
 * @param segmentBytes  a segment rolls over once it would grow past this (64 MiB by default;
 *                      a single bigger record still fits, alone, in its own segment)
 * @param commitPolicy  when the journal fsyncs
 * @param channelFactory opens segment files (a seam for tests that count or fail {@code force()})
 * @param allocator     allocates the buffers of messages read back
 * @param startWithoutDefinitions open a directory that holds stored messages but no readable
 *                      definitions (both copies missing or damaged) with an empty topology, instead of
 *                      refusing with {@link MissingDefinitionsException}; the messages stay on disk
 */
public record StoreOptions(long segmentBytes, GroupCommitPolicy commitPolicy, ChannelFactory channelFactory,
                           ByteBufAllocator allocator, boolean startWithoutDefinitions) {
    /** Segments are at most 1 GiB so that an offset inside one always fits 32 bits with the biggest record. */
    public static final long MAX_SEGMENT_BYTES = 1L << 30;

    public StoreOptions {
        if (segmentBytes < 4096 || segmentBytes > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segmentBytes must be within [4096, 1 GiB]: " + segmentBytes);
        }
        Objects.requireNonNull(commitPolicy, "commitPolicy");
        Objects.requireNonNull(channelFactory, "channelFactory");
        Objects.requireNonNull(allocator, "allocator");
    }

    public StoreOptions(long segmentBytes, GroupCommitPolicy commitPolicy, ChannelFactory channelFactory,
                        ByteBufAllocator allocator) {
        this(segmentBytes, commitPolicy, channelFactory, allocator, false);
    }

    public static StoreOptions defaults() {
        return new StoreOptions(64L << 20, GroupCommitPolicy.defaults(), ChannelFactory.DEFAULT, ByteBufAllocator.DEFAULT);
    }

    public StoreOptions withStartWithoutDefinitions(boolean start) {
        return new StoreOptions(segmentBytes, commitPolicy, channelFactory, allocator, start);
    }

    public StoreOptions withSegmentBytes(long bytes) {
        return new StoreOptions(bytes, commitPolicy, channelFactory, allocator, startWithoutDefinitions);
    }

    public StoreOptions withCommitPolicy(GroupCommitPolicy policy) {
        return new StoreOptions(segmentBytes, policy, channelFactory, allocator, startWithoutDefinitions);
    }

    public StoreOptions withChannelFactory(ChannelFactory factory) {
        return new StoreOptions(segmentBytes, commitPolicy, factory, allocator, startWithoutDefinitions);
    }
}
