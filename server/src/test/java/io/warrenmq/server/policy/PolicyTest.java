package io.warrenmq.server.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warrenmq.codec.types.FieldTable;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Policy validation, selection and resolution as RabbitMQ's rabbit_policy and process_args_policy. */
class PolicyTest {
    private static Policy policy(String name, String pattern, String applyTo, int priority, Map<String, Object> def) {
        return Policy.of(name, pattern, applyTo, priority, def, false);
    }

    @Test
    void unknownKeysAndQueueOnlyArgumentsAreRefusedWithRabbitMqsText() {
        PolicyException e = assertThrows(PolicyException.class,
                () -> policy("p", ".*", "queues", 0, Map.of("max-priority", 5L)));
        assertEquals("[max-priority] are not recognised policy settings", e.getMessage());
        e = assertThrows(PolicyException.class,
                () -> Policy.of("op", ".*", "queues", 0, Map.of("dead-letter-exchange", "dlx"), true));
        assertEquals("[dead-letter-exchange] are not recognised operator policy settings", e.getMessage());
        assertThrows(PolicyException.class, () -> policy("p", "(", "queues", 0, Map.of("max-length", 1L)));
        assertThrows(PolicyException.class, () -> policy("p", ".*", "topics", 0, Map.of("max-length", 1L)));
        assertThrows(PolicyException.class, () -> policy("p", ".*", "queues", 0, Map.of("max-length", -1L)));
        assertThrows(PolicyException.class, () -> policy("p", ".*", "queues", 0, Map.of("expires", 0L)));
        assertThrows(PolicyException.class, () -> policy("p", ".*", "queues", 0, Map.of("overflow", "drop-tail")));
    }

    @Test
    void theHighestPriorityMatchingPolicyApplies() {
        VhostPolicies p = VhostPolicies.NONE
                .with(policy("low", "^orders", "all", 1, Map.of("max-length", 10L)))
                .with(policy("high", "orders", "queues", 5, Map.of("max-length", 20L)))
                .with(policy("exchanges-only", ".*", "exchanges", 9, Map.of("alternate-exchange", "ae")));
        assertEquals("high", p.forQueue("orders.jobs", "classic").policy().name());
        assertEquals("high", p.forQueue("orders", "quorum").policy().name());
        assertEquals("exchanges-only", p.forExchange("orders.x").policy().name());
        assertNull(p.forQueue("billing", "classic").policy());
        // a tie in priority: the name that sorts first, so the choice survives a restart
        VhostPolicies tie = VhostPolicies.NONE.with(policy("b", ".*", "all", 1, Map.of("max-length", 1L)))
                .with(policy("a", ".*", "all", 1, Map.of("max-length", 2L)));
        assertEquals("a", tie.forQueue("q", "classic").policy().name());
        // classic_queues does not match a quorum queue
        VhostPolicies classic = VhostPolicies.NONE.with(policy("c", ".*", "classic_queues", 0, Map.of("max-length", 1L)));
        assertNull(classic.forQueue("q", "quorum").policy());
    }

    @Test
    void limitsTakeTheSmallestAndTheQueueArgumentWinsForTheDeadLetterExchange() {
        Policy user = policy("u", ".*", "queues", 0, Map.of("max-length", 100L, "message-ttl", 5000L,
                "dead-letter-exchange", "policy-dlx"));
        Policy op = Policy.of("o", ".*", "queues", 0, Map.of("max-length", 50L), true);
        FieldTable args = FieldTable.EMPTY.with("x-message-ttl", 9000L).with("x-dead-letter-exchange", "own-dlx");
        FieldTable effective = EffectiveArguments.forQueue(args, new VhostPolicies.Matched(user, op));
        assertEquals(50L, effective.getLong("x-max-length"));
        assertEquals(5000L, effective.getLong("x-message-ttl"));
        assertEquals("own-dlx", effective.getString("x-dead-letter-exchange"));
        assertEquals("policy-dlx", EffectiveArguments.forQueue(FieldTable.EMPTY, new VhostPolicies.Matched(user, null))
                .getString("x-dead-letter-exchange"));
        assertSame(args, EffectiveArguments.forQueue(args, VhostPolicies.Matched.NONE));
    }

    @Test
    void policiesSurviveTheirEncoding() {
        VhostPolicies p = VhostPolicies.NONE
                .with(policy("ttl", "^t\\.", "classic_queues", 3, Map.of("message-ttl", 60000L, "overflow", "reject-publish")))
                .with(Policy.of("cap", ".*", "queues", -1, Map.of("max-length-bytes", 1024L), true));
        byte[] bytes = PolicyCodec.encode(p);
        VhostPolicies back = PolicyCodec.decode(bytes, 0, bytes.length);
        assertEquals(p.all(), back.all());
        assertTrue(back.forQueue("t.x", "classic").operatorPolicy() != null);
    }
}
