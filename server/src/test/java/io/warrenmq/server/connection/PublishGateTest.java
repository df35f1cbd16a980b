package io.warrenmq.server.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warrenmq.codec.BodyFrame;
import io.warrenmq.codec.Frame;
import io.warrenmq.codec.HeartbeatFrame;
import io.warrenmq.codec.method.ConnectionMethod;
import io.warrenmq.server.alarm.Resource;
import io.warrenmq.server.connection.PublishGate.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The throttle's state machine (RabbitMQ's rabbit_reader control_throttle / publish_received / maybe_block),
 * observed through a valve that records what the connection was told to do.
 */
class PublishGateTest {
    private static final Set<Resource> NONE = Set.of();
    private static final Set<Resource> DISK = Set.of(Resource.DISK);
    private static final Set<Resource> MEMORY = Set.of(Resource.MEMORY);
    private static final Set<Resource> BOTH = Set.of(Resource.DISK, Resource.MEMORY);

    /** Records the effects in order, as text. */
    private static final class RecordingValve implements PublishGate.Valve {
        final List<String> effects = new ArrayList<>();

        @Override
        public void stopReading() {
            effects.add("stop reading");
        }

        @Override
        public void resumeReading() {
            effects.add("resume reading");
        }

        @Override
        public void send(ConnectionMethod method) {
            effects.add(method instanceof ConnectionMethod.Blocked b ? "blocked: " + b.reason() : method.name());
        }

        List<String> take() {
            List<String> all = List.copyOf(effects);
            effects.clear();
            return all;
        }
    }

    private final RecordingValve valve = new RecordingValve();
    private final PublishGate gate = new PublishGate(valve, true);

    @Test
    void anAlarmAloneOnlyMarksTheConnectionBlocking() {
        gate.alarmsChanged(DISK);

        assertEquals(State.BLOCKING, gate.state());
        assertFalse(gate.holding());
        assertEquals(List.of(), valve.take(), "a connection that only consumes keeps working");
    }

    @Test
    void publishingDuringAnAlarmBlocksAndNotifiesWithTheReason() {
        gate.alarmsChanged(DISK);
        gate.published(DISK);

        assertEquals(State.BLOCKED, gate.state());
        assertTrue(gate.holding());
        assertEquals(List.of("stop reading", "blocked: low on disk"), valve.take());
    }

    @Test
    void aPublishSeesAnAlarmWhoseNotificationHasNotArrivedYet() {
        gate.published(MEMORY);

        assertEquals(State.BLOCKED, gate.state());
        assertEquals(List.of("stop reading", "blocked: low on memory"), valve.take());
    }

    @Test
    void publishingWithoutAlarmsChangesNothing() {
        gate.published(NONE);

        assertEquals(State.RUNNING, gate.state());
        assertEquals(List.of(), valve.take());
    }

    @Test
    void clearingTheAlarmUnblocksNotifiesAndResumesReading() {
        gate.alarmsChanged(DISK);
        gate.published(DISK);
        valve.take();

        gate.alarmsChanged(NONE);

        assertEquals(State.RUNNING, gate.state());
        assertEquals(List.of("connection.unblocked", "resume reading"), valve.take());
    }

    @Test
    void aBlockingConnectionIsNotToldAnythingWhenTheAlarmClears() {
        gate.alarmsChanged(DISK);
        gate.alarmsChanged(NONE);

        assertEquals(State.RUNNING, gate.state());
        assertEquals(List.of(), valve.take());
    }

    @Test
    void aSecondAlarmSendsNoSecondBlockedAndUnblockedWaitsForBothToClear() {
        gate.alarmsChanged(MEMORY);
        gate.published(MEMORY);
        assertEquals(List.of("stop reading", "blocked: low on memory"), valve.take());

        gate.alarmsChanged(BOTH);
        gate.alarmsChanged(DISK); // memory cleared, disk still on
        assertEquals(State.BLOCKED, gate.state());
        assertEquals(List.of(), valve.take(), "connection.unblocked is sent when all alarms have cleared");

        gate.alarmsChanged(NONE);
        assertEquals(List.of("connection.unblocked", "resume reading"), valve.take());
    }

    @Test
    void bothReasonsAreNamedMemoryFirst() {
        gate.published(BOTH);

        assertEquals(List.of("stop reading", "blocked: low on memory & disk"), valve.take());
    }

    @Test
    void afterUnblockingANewAlarmNeedsANewPublishToBlockAgain() {
        gate.published(DISK);
        gate.alarmsChanged(NONE);
        valve.take();

        gate.alarmsChanged(DISK);
        assertEquals(State.BLOCKING, gate.state());
        gate.published(DISK);

        assertEquals(List.of("stop reading", "blocked: low on disk"), valve.take());
    }

    @Test
    void aClientWithoutTheCapabilityIsBlockedSilently() {
        RecordingValve silent = new RecordingValve();
        PublishGate quiet = new PublishGate(silent, false);

        quiet.published(DISK);
        quiet.alarmsChanged(NONE);

        assertEquals(List.of("stop reading", "resume reading"), silent.take());
    }

    @Test
    void framesHeldWhileBlockedComeBackInOrderOnceUnblocked() {
        gate.published(DISK);
        Frame first = new HeartbeatFrame(0);
        Frame second = new HeartbeatFrame(0);
        gate.hold(first);
        gate.hold(second);
        assertNull(gate.nextHeld(), "nothing is handed back while blocked");

        gate.alarmsChanged(NONE);

        assertTrue(gate.holding(), "held frames stay ahead of anything read later");
        assertSame(first, gate.nextHeld());
        assertSame(second, gate.nextHeld());
        assertNull(gate.nextHeld());
        assertFalse(gate.holding());
    }

    @Test
    void discardingReleasesTheBuffersOfHeldContent() {
        gate.published(DISK);
        ByteBuf payload = Unpooled.buffer(4).writeInt(7);
        gate.hold(new BodyFrame(1, payload));

        gate.discardHeld();

        assertEquals(0, payload.refCnt());
        gate.alarmsChanged(NONE);
        assertNull(gate.nextHeld());
    }
}
