package io.warrenmq.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Many posters, one loop: every item handled once, on the loop, each pass closed by afterBatch. */
class MailboxTest {
    private static final long WAIT_SECONDS = 20;

    private final DefaultEventLoop loop = new DefaultEventLoop();

    @AfterEach
    void tearDown() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * Records what the mailbox does; its fields are touched only on the loop thread (any touch
     * elsewhere is recorded as a failure), and read by the test after a latch.
     */
    private final class Recorder implements Mailbox.Handler {
        final int expected;
        final boolean[] seen;
        final CountDownLatch allHandledAndBatched = new CountDownLatch(1);
        final AtomicReference<String> failure = new AtomicReference<>();
        final List<Integer> passSizes = new ArrayList<>();
        int handled;
        int inCurrentPass;

        Recorder(int expected) {
            this.expected = expected;
            this.seen = new boolean[expected];
        }

        @Override
        public void handle(Object item) {
            if (!loop.inEventLoop()) {
                failure.compareAndSet(null, "handle ran on " + Thread.currentThread().getName());
            }
            int i = (Integer) item;
            if (seen[i]) {
                failure.compareAndSet(null, "item " + i + " handled twice");
            }
            seen[i] = true;
            handled++;
            inCurrentPass++;
        }

        @Override
        public void afterBatch() {
            if (!loop.inEventLoop()) {
                failure.compareAndSet(null, "afterBatch ran on " + Thread.currentThread().getName());
            }
            passSizes.add(inCurrentPass);
            inCurrentPass = 0;
            if (handled == expected) {
                allHandledAndBatched.countDown();
            }
        }

        void await() throws InterruptedException {
            assertTrue(allHandledAndBatched.await(WAIT_SECONDS, TimeUnit.SECONDS),
                    () -> "only " + handled + " of " + expected + " handled");
        }

        /** Reads the recorder's state on the loop, after everything it was asked to do. */
        void assertComplete() throws Exception {
            loop.submit(() -> {
                assertEquals(null, failure.get());
                assertEquals(expected, handled);
                for (int i = 0; i < expected; i++) {
                    assertTrue(seen[i], "item " + i + " never handled");
                }
                assertEquals(0, inCurrentPass, "items handled after the last afterBatch");
                assertEquals(expected, passSizes.stream().mapToInt(Integer::intValue).sum());
                return null;
            }).get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Parks the loop until the returned latch is released, so posts pile up deterministically. */
    private CountDownLatch blockLoop() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch parked = new CountDownLatch(1);
        loop.execute(() -> {
            parked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(parked.await(WAIT_SECONDS, TimeUnit.SECONDS));
        return release;
    }

    @Test
    void itemsPostedFromManyThreadsAreEachHandledOnceOnTheLoop() throws Exception {
        int threads = 4;
        int perThread = 25_000;
        Recorder recorder = new Recorder(threads * perThread);
        Mailbox mailbox = new Mailbox(loop, recorder);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> posters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            Thread poster = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    mailbox.post(base + i);
                }
            }, "poster-" + t);
            poster.start();
            posters.add(poster);
        }

        start.countDown();
        for (Thread poster : posters) {
            poster.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        }
        recorder.await();

        recorder.assertComplete();
    }

    @Test
    void burstPostedWhileTheLoopIsBusyIsHandledInOnePass() throws Exception {
        Recorder recorder = new Recorder(100);
        Mailbox mailbox = new Mailbox(loop, recorder);
        CountDownLatch release = blockLoop();
        for (int i = 0; i < 100; i++) {
            mailbox.post(i);
        }

        release.countDown();
        recorder.await();

        recorder.assertComplete();
        loop.submit(() -> assertEquals(List.of(100), recorder.passSizes)).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void aPassIsCappedSoALargeBurstTakesSeveralPasses() throws Exception {
        int n = 10_000;
        Recorder recorder = new Recorder(n);
        Mailbox mailbox = new Mailbox(loop, recorder);
        CountDownLatch release = blockLoop();
        for (int i = 0; i < n; i++) {
            mailbox.post(i);
        }

        release.countDown();
        recorder.await();

        recorder.assertComplete();
        loop.submit(() -> {
            assertTrue(recorder.passSizes.size() >= 3, recorder.passSizes::toString);
            assertTrue(recorder.passSizes.stream().allMatch(s -> s <= 4096), recorder.passSizes::toString);
        }).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void itemPostedFromAfterBatchIsStillHandled() throws Exception {
        CountDownLatch secondHandled = new CountDownLatch(1);
        AtomicReference<Mailbox> self = new AtomicReference<>();
        Mailbox mailbox = new Mailbox(loop, new Mailbox.Handler() {
            boolean reposted;

            @Override
            public void handle(Object item) {
                if ("second".equals(item)) {
                    secondHandled.countDown();
                }
            }

            @Override
            public void afterBatch() {
                if (!reposted) {
                    reposted = true;
                    self.get().post("second"); // while the mailbox still counts as scheduled
                }
            }
        });
        self.set(mailbox);

        mailbox.post("first");

        assertTrue(secondHandled.await(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void failingItemDoesNotStopTheOthers() throws Exception {
        CountDownLatch done = new CountDownLatch(2);
        Mailbox mailbox = new Mailbox(loop, new Mailbox.Handler() {
            @Override
            public void handle(Object item) {
                if ("boom".equals(item)) {
                    throw new IllegalStateException("expected by the test");
                }
                done.countDown();
            }

            @Override
            public void afterBatch() {
            }
        });
        CountDownLatch release = blockLoop();
        mailbox.post("a");
        mailbox.post("boom");
        mailbox.post("b");
        release.countDown();

        assertTrue(done.await(WAIT_SECONDS, TimeUnit.SECONDS));
    }
}
