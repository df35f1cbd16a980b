package io.warrenmq.store;

import static io.warrenmq.store.StoreTestSupport.VHOST;
import static io.warrenmq.store.StoreTestSupport.bodies;
import static io.warrenmq.store.StoreTestSupport.publishDurably;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitDurabilityTest {
    @TempDir
    Path dir;

    @Test
    void callbacksRunOnlyAfterTheForceCoveringTheirRecordAndExactlyOncePerPublish() throws Exception {
        TrackingChannel.Factory files = new TrackingChannel.Factory();
        StoreOptions options = StoreOptions.defaults().withSegmentBytes(64 * 1024).withChannelFactory(files);
        int threads = 4;
        int perThread = 500;
        AtomicIntegerArray calls = new AtomicIntegerArray(threads * perThread + 16);
        Queue<String> violations = new ConcurrentLinkedQueue<>();
        CountDownLatch all = new CountDownLatch(threads * perThread);
        try (DurableStore store = DurableStore.open(dir, options)) {
            Runnable publisher = () -> {
                for (int i = 0; i < perThread; i++) {
                    long[] id = new long[1];
                    CountDownLatch assigned = new CountDownLatch(1);
                    ByteBuf body = Unpooled.wrappedBuffer(new byte[100 + i]);
                    id[0] = store.publish(VHOST, List.of("q" + (i % 3)), "x", "k", Unpooled.EMPTY_BUFFER, body, () -> {
                        awaitQuietly(assigned);
                        calls.incrementAndGet((int) id[0]);
                        SegmentPosition p = store.positionOf(id[0]);
                        TrackingChannel file = files.of(Segment.fileName(p.segment()));
                        if (file.forcedEnd < p.end()) {
                            violations.add("message " + id[0] + " ends at " + p.end() + ", forced only to " + file.forcedEnd);
                        }
                        all.countDown();
                    }, t -> violations.add("failed: " + t));
                    assigned.countDown();
                    body.release();
                }
            };
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                ts[t] = new Thread(publisher, "publisher-" + t);
                ts[t].start();
            }
            for (Thread t : ts) {
                t.join();
            }
            assertTrue(all.await(30, TimeUnit.SECONDS), "every publish confirmed");
            store.sync();
        }
        assertEquals(List.of(), List.copyOf(violations));
        for (int id = 1; id <= threads * perThread; id++) {
            assertEquals(1, calls.get(id), "callbacks of message " + id);
        }
        assertTrue(StoreTestSupport.segmentFiles(dir).size() > 1, "the run rolled segments");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aFailedForceFailsTheWaitingPublishAndEveryLaterOneButKeepsWhatWasDurable() throws Exception {
        TrackingChannel.Factory files = new TrackingChannel.Factory();
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults().withChannelFactory(files))) {
            publishDurably(store, "before", "q");
            files.failForces.set(true);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicInteger durable = new AtomicInteger();
            CountDownLatch failed = new CountDownLatch(1);
            ByteBuf body = Unpooled.wrappedBuffer(new byte[10]);
            store.publish(VHOST, List.of("q"), "", "k", Unpooled.EMPTY_BUFFER, body, durable::incrementAndGet, t -> {
                failure.set(t);
                failed.countDown();
            });
            assertTrue(failed.await(10, TimeUnit.SECONDS));
            assertInstanceOf(IOException.class, failure.get());
            assertTrue(store.failed());
            CountDownLatch laterFailed = new CountDownLatch(1);
            store.publish(VHOST, List.of("q"), "", "k", Unpooled.EMPTY_BUFFER, body, durable::incrementAndGet,
                    t -> laterFailed.countDown());
            assertTrue(laterFailed.await(10, TimeUnit.SECONDS));
            assertEquals(0, durable.get());
            assertEquals(1, body.refCnt(), "the store let go of the failed publishes' buffers");
            body.release();
            assertFalse(store.problems().isEmpty());
        }
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            // the failed run never closed cleanly, so what it left is flagged redelivered ("*")
            assertTrue(bodies(store, "q").contains("before*"), bodies(store, "q").toString());
        }
    }

    @Test
    void publishAfterCloseFailsAtOnce() throws Exception {
        DurableStore store = DurableStore.open(dir, StoreOptions.defaults());
        store.close();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ByteBuf body = Unpooled.wrappedBuffer(new byte[1]);
        store.publish(VHOST, List.of("q"), "", "k", Unpooled.EMPTY_BUFFER, body, () -> { }, failure::set);
        assertInstanceOf(IOException.class, failure.get());
        assertEquals(1, body.refCnt());
        body.release();
        store.close();
    }
}
