package io.warrenmq.server.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.timeout.IdleStateEvent;
import io.warrenmq.codec.method.BasicMethod;
import io.warrenmq.codec.method.ConnectionMethod;
import io.warrenmq.codec.method.QueueMethod;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.server.BrokerConfig;
import io.warrenmq.server.Handshake;
import io.warrenmq.server.Handshake.Received;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resource alarms on one connection through the real pipeline (https://www.rabbitmq.com/docs/alarms,
 * /docs/connection-blocked): a connection that publishes during an alarm gets {@code connection.blocked},
 * stops being read, and resumes with {@code connection.unblocked} once the alarm clears, its held frames
 * handled first. The disk alarm is raised with a limit above any real free space and cleared with 0.
 */
class ConnectionBlockedTest {
    @TempDir
    Path dataDir;
    private Handshake h;

    @AfterEach
    void tearDown() {
        if (h != null) {
            h.close();
        }
    }

    private void openWithQueue() {
        h = Handshake.open(BrokerConfig.defaults().withDataDir(dataDir));
        h.openChannel(1);
        h.send(1, new QueueMethod.Declare("q", false, false, false, false, false, FieldTable.EMPTY));
        h.expect(1, QueueMethod.DeclareOk.class);
    }

    private void raiseDiskAlarm() {
        h.alarms().setDiskFreeLimit(Long.MAX_VALUE);
        h.runPendingTasks(); // the alarm change reaches the connection through its mailbox
    }

    private void clearDiskAlarm() {
        h.alarms().setDiskFreeLimit(0);
        h.runPendingTasks();
    }

    private boolean reading() {
        return h.channel().config().isAutoRead();
    }

    private int ready() {
        h.runPendingTasks();
        return h.vhost().queue("q").readyCount();
    }

    @Test
    void aPublishDuringTheAlarmBlocksTheConnectionAndIsHeldUntilTheAlarmClears() {
        openWithQueue();
        raiseDiskAlarm();
        h.expectNothing(); // blocking, not blocked: nothing is said before it publishes
        assertTrue(reading());

        h.publish(1, "", "q", "held");

        assertEquals("low on disk", h.expect(0, ConnectionMethod.Blocked.class).reason());
        assertFalse(reading(), "the socket is no longer read");
        assertEquals(0, ready(), "the body frame came after the header that blocked: it waits");

        clearDiskAlarm();

        h.expect(0, ConnectionMethod.Unblocked.class);
        assertTrue(reading());
        assertEquals(1, ready());
    }

    @Test
    void everythingReadWhileBlockedIsHandledInOrderAfterwards() {
        openWithQueue();
        raiseDiskAlarm();
        h.publish(1, "", "q", "first");
        h.expect(0, ConnectionMethod.Blocked.class);
        h.publish(1, "", "q", "second"); // e.g. bytes already in the read buffer
        h.send(1, new BasicMethod.Get("q", true));
        h.expectNothing();

        clearDiskAlarm();

        h.expect(0, ConnectionMethod.Unblocked.class);
        h.runPendingTasks();
        Received got = h.next();
        assertTrue(got.method() instanceof BasicMethod.GetOk, got::toString);
        assertEquals("first", got.bodyText());
        assertEquals(1, ready(), "the second publish, handled before the get");
    }

    @Test
    void aConnectionThatDoesNotPublishKeepsWorkingDuringTheAlarm() {
        openWithQueue();
        raiseDiskAlarm();

        h.send(1, new QueueMethod.Declare("other", false, false, false, false, false, FieldTable.EMPTY));
        h.expect(1, QueueMethod.DeclareOk.class);
        h.send(1, new BasicMethod.Consume("q", "c1", false, true, false, false, FieldTable.EMPTY));
        h.expect(1, BasicMethod.ConsumeOk.class);
        h.send(1, new BasicMethod.Get("other", true));
        h.expect(1, BasicMethod.GetEmpty.class);

        assertTrue(reading());
        clearDiskAlarm();
        h.expectNothing(); // it was never blocked, so it is not unblocked either
    }

    @Test
    void aClientWithoutTheCapabilityIsBlockedWithoutBeingTold() {
        BrokerConfig config = BrokerConfig.defaults().withDataDir(dataDir);
        h = Handshake.connect(config);
        h.protocolHeader();
        h.expect(0, ConnectionMethod.Start.class);
        h.startOk(FieldTable.of(Map.of("product", "old-client")), "PLAIN", Handshake.plain("guest", "guest"));
        ConnectionMethod.Tune tune = h.expect(0, ConnectionMethod.Tune.class);
        h.send(0, new ConnectionMethod.TuneOk(tune.channelMax(), tune.frameMax(), 0));
        h.send(0, new ConnectionMethod.Open("/", "", false));
        h.expect(0, ConnectionMethod.OpenOk.class);
        h.openChannel(1);
        h.send(1, new QueueMethod.Declare("q", false, false, false, false, false, FieldTable.EMPTY));
        h.expect(1, QueueMethod.DeclareOk.class);
        raiseDiskAlarm();

        h.publish(1, "", "q", "held");

        h.expectNothing();
        assertFalse(reading());
        clearDiskAlarm();
        h.expectNothing();
        assertTrue(reading());
        assertEquals(1, ready());
    }

    @Test
    void anAlarmAlreadyOnWhenTheConnectionOpensBlocksItsFirstPublish() {
        h = Handshake.connect(BrokerConfig.defaults().withDataDir(dataDir));
        h.alarms().setMemoryHighWatermarkAbsolute(0);
        h.protocolHeader();
        h.expect(0, ConnectionMethod.Start.class);
        h.startOk("PLAIN", Handshake.plain("guest", "guest"));
        ConnectionMethod.Tune tune = h.expect(0, ConnectionMethod.Tune.class);
        h.send(0, new ConnectionMethod.TuneOk(tune.channelMax(), tune.frameMax(), 0));
        h.send(0, new ConnectionMethod.Open("/", "", false));
        h.expect(0, ConnectionMethod.OpenOk.class);
        h.openChannel(1);

        h.publish(1, "", "q", "held");

        assertEquals("low on memory", h.expect(0, ConnectionMethod.Blocked.class).reason());
        h.alarms().setMemoryHighWatermarkAbsolute(Long.MAX_VALUE);
        h.runPendingTasks();
        h.expect(0, ConnectionMethod.Unblocked.class);
    }

    @Test
    void missedHeartbeatsDoNotCloseABlockedConnection() {
        openWithQueue();
        raiseDiskAlarm();
        h.publish(1, "", "q", "held");
        h.expect(0, ConnectionMethod.Blocked.class);

        h.channel().pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertTrue(h.isOpen(), "we are not reading its heartbeats, so their absence proves nothing");

        clearDiskAlarm();
        h.channel().pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        h.runPendingTasks();
        assertFalse(h.isOpen(), "once read again, a silent peer is dropped as before");
    }
}
