package io.warrenmq.server.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class SocketBudgetTest {
    @Test
    void belowTheLimitNothingIsClosed() {
        SocketBudget budget = new SocketBudget(2);
        assertNull(budget.accepted(new EmbeddedChannel()));
        assertNull(budget.accepted(new EmbeddedChannel()));
        assertEquals(2, budget.held());
    }

    @Test
    void pastTheLimitTheOldestUnfinishedHandshakeIsChosenNotAnOpenConnection() {
        SocketBudget budget = new SocketBudget(3);
        EmbeddedChannel open = new EmbeddedChannel();
        EmbeddedChannel slow1 = new EmbeddedChannel();
        EmbeddedChannel slow2 = new EmbeddedChannel();
        budget.accepted(open);
        budget.opened(open);
        budget.accepted(slow1);
        budget.accepted(slow2);
        EmbeddedChannel fresh = new EmbeddedChannel();
        assertSame(slow1, budget.accepted(fresh));
        budget.closed(slow1);
        assertEquals(3, budget.held());
        EmbeddedChannel another = new EmbeddedChannel();
        assertSame(slow2, budget.accepted(another));
    }

    @Test
    void whenEveryOtherSocketIsOpenTheNewOneIsChosen() {
        SocketBudget budget = new SocketBudget(1);
        EmbeddedChannel open = new EmbeddedChannel();
        budget.accepted(open);
        budget.opened(open);
        EmbeddedChannel fresh = new EmbeddedChannel();
        assertSame(fresh, budget.accepted(fresh));
        budget.closed(fresh);
        assertEquals(1, budget.held());
    }

    @Test
    void theLimitKeepsATenthOfTheDescriptorsForFiles() {
        assertEquals(1_048_576 - 104_857, SocketBudget.limitFor(1_048_576));
        assertEquals(1024 - 128, SocketBudget.limitFor(1024));
        assertEquals(Integer.MAX_VALUE, SocketBudget.limitFor(-1));
        assertThrows(IllegalArgumentException.class, () -> new SocketBudget(0));
    }
}
