package io.warrenmq.amqp10.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warrenmq.amqp10.codec.Attach;
import io.warrenmq.amqp10.codec.Begin;
import io.warrenmq.amqp10.codec.Close;
import io.warrenmq.amqp10.codec.Detach;
import io.warrenmq.amqp10.codec.End;
import io.warrenmq.amqp10.codec.ErrorCondition;
import io.warrenmq.amqp10.codec.Flow;
import io.warrenmq.amqp10.codec.Open;
import io.warrenmq.amqp10.codec.Transfer;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateMachineTest {
    private static final Open OPEN = new Open("c", null, 65536, 10, 0, List.of(), List.of(), null);

    private static Attach attach(long handle) {
        return new Attach("l" + handle, handle, false, 0, 0, null, null, 0, 0, List.of(), List.of(), null);
    }

    @Test
    void theConnectionMustStartWithOpenAndOpenOnlyOnce() {
        ConnectionEngine c = new ConnectionEngine();
        EngineException e = assertThrows(EngineException.class, () -> c.received(new Begin(-1, 0, 1, 1, 1)));
        assertEquals(EngineException.Scope.CONNECTION, e.scope());
        assertEquals(ErrorCondition.NOT_ALLOWED, e.error().condition().value());
        ConnectionEngine c2 = new ConnectionEngine();
        assertTrue(c2.received(OPEN));
        assertThrows(EngineException.class, c2::requireOpened); // our open not sent yet
        c2.sentOpen();
        c2.requireOpened();
        assertThrows(EngineException.class, () -> c2.received(OPEN));
    }

    @Test
    void afterOurCloseEverythingButCloseIsDiscarded() {
        ConnectionEngine c = new ConnectionEngine();
        c.received(OPEN);
        c.sentOpen();
        c.sentClose();
        assertFalse(c.received(new Begin(-1, 0, 1, 1, 1)));
        assertFalse(c.received(new Close(null)));
        assertEquals(ConnectionEngine.State.END, c.state());
        assertThrows(EngineException.class, () -> c.received(new Close(null)));
    }

    @Test
    void aPeerCloseThenOursEndsTheConnection() {
        ConnectionEngine c = new ConnectionEngine();
        c.received(OPEN);
        c.sentOpen();
        assertTrue(c.received(new Close(null)));
        c.sentClose();
        assertEquals(ConnectionEngine.State.END, c.state());
    }

    @Test
    void sessionRefusesUnknownAndReusedHandles() {
        SessionEngine<String> s = new SessionEngine<>(0, new Begin(-1, 0, 100, 100, 0xFFFFFFFFL), 7);
        s.sentBegin();
        EngineException unattached = assertThrows(EngineException.class,
                () -> s.received(new Transfer(3, 0, null, 0, true, false, null, false)));
        assertEquals(ErrorCondition.UNATTACHED_HANDLE, unattached.error().condition().value());
        assertEquals(EngineException.Scope.SESSION, unattached.scope());
        assertTrue(s.received(attach(1)));
        s.attached(1, "link");
        EngineException inUse = assertThrows(EngineException.class, () -> s.received(attach(1)));
        assertEquals(ErrorCondition.HANDLE_IN_USE, inUse.error().condition().value());
        EngineException tooHigh = assertThrows(EngineException.class, () -> s.received(attach(8)));
        assertEquals(EngineException.Scope.CONNECTION, tooHigh.scope());
        assertThrows(EngineException.class, () -> s.received(new Begin(-1, 0, 1, 1, 1)));
    }

    @Test
    void framesOnAHandleWeDetachedAreDroppedUntilThePeersDetach() {
        SessionEngine<String> s = new SessionEngine<>(0, new Begin(-1, 0, 100, 100, 10), 10);
        s.sentBegin();
        s.received(attach(2));
        s.attached(2, "link");
        assertEquals("link", s.detachSent(2));
        assertFalse(s.received(new Flow(0, 1, 0, 1, 2, 0, 5, -1, false, false)));
        assertFalse(s.received(new Detach(2, true, null)));
        // the handle is free again: a detach now is for an unattached handle
        assertThrows(EngineException.class, () -> s.received(new Detach(2, true, null)));
        assertTrue(s.received(attach(2)));
    }

    @Test
    void aSessionEndsOnceBothEndsWereSent() {
        SessionEngine<String> s = new SessionEngine<>(0, new Begin(-1, 0, 100, 100, 10), 10);
        s.sentBegin();
        s.sentEnd();
        assertFalse(s.received(attach(1)));
        assertFalse(s.received(new End(null)));
        assertEquals(SessionEngine.State.UNMAPPED, s.state());
        assertThrows(EngineException.class, () -> new SessionEngine<String>(1, new Begin(4, 0, 1, 1, 1), 1));
    }
}
