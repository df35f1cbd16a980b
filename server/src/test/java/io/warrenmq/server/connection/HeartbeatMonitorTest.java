package io.warrenmq.server.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.EventExecutor;
import io.warrenmq.server.clock.BrokerClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat timers against a hand-driven clock on an EmbeddedChannel (the test thread is the
 * channel's loop): writer-idle after half an interval without writes, reader-idle after the timeout
 * without reads, activity pushing both back, nothing after the channel closes.
 */
class HeartbeatMonitorTest {
    /** A clock whose timers the test runs by hand, on the test thread (the embedded channel's loop). */
    private static final class HandClock implements BrokerClock {
        record Timer(long at, Runnable task, CompletableFuture<Void> handle) {
        }

        long nanos;
        final List<Timer> timers = new ArrayList<>();

        @Override
        public long currentTimeMillis() {
            return nanos / 1_000_000;
        }

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public Future<?> schedule(EventExecutor loop, Runnable task, long delay, TimeUnit unit) {
            Timer t = new Timer(nanos + unit.toNanos(delay), task, new CompletableFuture<>());
            timers.add(t);
            return t.handle;
        }

        @Override
        public Future<?> scheduleAtFixedRate(EventExecutor loop, Runnable task, long initialDelay, long period,
                TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        /** Moves to {@code millis} and runs every timer due by then, earliest first. */
        void to(long millis) {
            long target = TimeUnit.MILLISECONDS.toNanos(millis);
            while (true) {
                Timer next = timers.stream().filter(t -> t.at <= target && !t.handle.isCancelled())
                        .min((a, b) -> Long.compare(a.at, b.at)).orElse(null);
                if (next == null) {
                    break;
                }
                timers.remove(next);
                nanos = Math.max(nanos, next.at);
                next.task.run();
            }
            nanos = target;
        }
    }

    private final HandClock clock = new HandClock();
    private final List<String> events = new ArrayList<>();

    private EmbeddedChannel channel() {
        return new EmbeddedChannel(new HeartbeatMonitor(clock, 2_000, 500), new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                IdleState s = ((IdleStateEvent) evt).state();
                events.add(s + "@" + clock.currentTimeMillis());
            }
        });
    }

    @Test
    void silenceBothWaysGivesAHeartbeatEveryHalfSecondAndAReaderTimeoutAtTwo() {
        channel();
        clock.to(2_000);
        assertEquals(java.util.Set.of("WRITER_IDLE@500", "WRITER_IDLE@1000", "WRITER_IDLE@1500", "WRITER_IDLE@2000",
                "READER_IDLE@2000"), java.util.Set.copyOf(events));
        assertEquals(5, events.size(), events.toString());
    }

    @Test
    void readsAndWritesPushTheTimersBack() {
        EmbeddedChannel ch = channel();
        clock.to(400);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {8})); // an octet from the client
        ch.writeOutbound(Unpooled.wrappedBuffer(new byte[] {1}));
        clock.to(899);
        assertEquals(List.of(), events, "written at 400: no heartbeat due before 900");
        clock.to(900);
        assertEquals(List.of("WRITER_IDLE@900"), events);
        events.clear();
        clock.to(2_399);
        assertFalse(events.contains("READER_IDLE@2000"), "read at 400: " + events);
        assertFalse(events.stream().anyMatch(e -> e.startsWith("READER")), events.toString());
        clock.to(2_400);
        assertTrue(events.contains("READER_IDLE@2400"), events.toString());
        ch.releaseOutbound();
        ch.releaseInbound();
    }

    @Test
    void resetReadTimeoutStartsTheCountAfresh() {
        EmbeddedChannel ch = channel();
        clock.to(1_500);
        ch.pipeline().get(HeartbeatMonitor.class).resetReadTimeout();
        events.clear();
        clock.to(3_499);
        assertFalse(events.stream().anyMatch(e -> e.startsWith("READER")), events.toString());
        clock.to(3_500);
        assertTrue(events.contains("READER_IDLE@3500"), events.toString());
    }

    @Test
    void nothingFiresOnceTheChannelIsClosed() {
        EmbeddedChannel ch = channel();
        clock.to(100);
        ch.close();
        clock.to(10_000);
        assertEquals(List.of(), events);
    }
}
