package io.warrenmq.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warrenmq.store.GroupCommitPolicy.Trigger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GroupCommitPolicyTest {
    private static final long MS = 1_000_000L;
    private final GroupCommitPolicy policy = new GroupCommitPolicy(Duration.ofMillis(2), 3, 1000, true,
            Duration.ofMillis(10));

    @Test
    void nothingPendingNeverSyncs() {
        GroupCommitPolicy.Pending p = new GroupCommitPolicy.Pending();
        assertEquals(Trigger.NONE, policy.decide(100 * MS, p, true));
        assertEquals(Long.MAX_VALUE, policy.nanosUntilDue(100 * MS, p));
    }

    @Test
    void oldestWaitingPublishOlderThanMaxWaitSyncs() {
        GroupCommitPolicy.Pending p = new GroupCommitPolicy.Pending();
        p.addDurable(10 * MS, 10);
        p.addDurable(11 * MS, 10);
        assertEquals(Trigger.NONE, policy.decide(11 * MS, p, false));
        assertEquals(MS, policy.nanosUntilDue(11 * MS, p));
        assertEquals(Trigger.MAX_WAIT, policy.decide(12 * MS, p, false));
    }

    @Test
    void pendingRecordsOrBytesOverTheThresholdSync() {
        GroupCommitPolicy.Pending records = new GroupCommitPolicy.Pending();
        records.addDurable(0, 1);
        records.addLazy(0, 1);
        assertEquals(Trigger.NONE, policy.decide(0, records, false));
        records.addLazy(0, 1);
        assertEquals(Trigger.THRESHOLD, policy.decide(0, records, false));

        GroupCommitPolicy.Pending bytes = new GroupCommitPolicy.Pending();
        bytes.addDurable(0, 999);
        assertEquals(Trigger.NONE, policy.decide(0, bytes, false));
        bytes.addBytes(1);
        assertEquals(Trigger.THRESHOLD, policy.decide(0, bytes, false));
    }

    @Test
    void emptyQueueSyncsAWaitingPublishAtOnce() {
        GroupCommitPolicy.Pending p = new GroupCommitPolicy.Pending();
        p.addDurable(5 * MS, 10);
        assertEquals(Trigger.NONE, policy.decide(5 * MS, p, false));
        assertEquals(Trigger.IDLE, policy.decide(5 * MS, p, true));
        GroupCommitPolicy patient = new GroupCommitPolicy(Duration.ofMillis(2), 3, 1000, false, Duration.ofMillis(10));
        assertEquals(Trigger.NONE, patient.decide(5 * MS, p, true));
    }

    @Test
    void lazyRecordsAloneWaitForTheirOwnDeadlineEvenWhenIdle() {
        GroupCommitPolicy.Pending p = new GroupCommitPolicy.Pending();
        p.addLazy(20 * MS, 10);
        assertEquals(Trigger.NONE, policy.decide(20 * MS, p, true));
        assertEquals(10 * MS, policy.nanosUntilDue(20 * MS, p));
        assertEquals(Trigger.LAZY_MAX_WAIT, policy.decide(30 * MS, p, true));
    }

    @Test
    void clearForgetsEverything() {
        GroupCommitPolicy.Pending p = new GroupCommitPolicy.Pending();
        p.addDurable(0, 10);
        p.addLazy(0, 10);
        p.clear();
        assertEquals(Trigger.NONE, policy.decide(Long.MAX_VALUE / 2, p, true));
    }
}
