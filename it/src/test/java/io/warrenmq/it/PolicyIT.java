package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import io.warrenmq.server.policy.Policy;
import io.warrenmq.server.policy.PolicyException;
import io.warrenmq.server.vhost.VirtualHosts;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Policies and operator policies applied to live queues and exchanges through the Java client:
 * a new max-length trims at once, clearing it stops trimming, an operator policy's smaller limit
 * wins, a policy TTL expires new messages, a policy alternate exchange routes, the highest
 * priority wins, policies survive a restart, and an unknown key is refused.
 */
class PolicyIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    private VirtualHosts vhosts() {
        return broker.broker().vhosts();
    }

    @AfterEach
    void clear() {
        for (Policy p : vhosts().policies("/").all()) {
            vhosts().clearPolicy("/", p.name(), p.operator());
        }
    }

    private static Policy policy(String name, String pattern, int priority, Map<String, Object> definition) {
        return Policy.of(name, pattern, "queues", priority, definition, false);
    }

    private static void publish(Channel ch, String queue, int n) throws Exception {
        ch.confirmSelect();
        for (int i = 1; i <= n; i++) {
            ch.basicPublish("", queue, MessageProperties.PERSISTENT_TEXT_PLAIN, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        ch.waitForConfirmsOrDie(10_000);
    }

    private static long count(Channel ch, String queue) throws Exception {
        return ch.queueDeclarePassive(queue).getMessageCount();
    }

    @Test
    void aNewMaxLengthTrimsALiveQueueAndClearingItStops() throws Exception {
        Channel ch = broker.newChannel();
        ch.queueDeclare("pol.trim", true, false, false, null);
        publish(ch, "pol.trim", 5);
        assertTrue(vhosts().setPolicy("/", policy("cap", "^pol\\.trim$", 0, Map.of("max-length", 2L))));
        Await.until("the policy to trim the queue to 2", () -> count(ch, "pol.trim") == 2);
        GetResponse first = ch.basicGet("pol.trim", true);
        assertEquals("m4", new String(first.getBody(), StandardCharsets.UTF_8), "drop-head keeps the newest");
        assertEquals("cap", vhosts().get("/").queue("pol.trim").policy());

        assertTrue(vhosts().clearPolicy("/", "cap", false));
        publish(ch, "pol.trim", 3);
        Await.until("no more trimming", () -> count(ch, "pol.trim") == 4);
        assertNull(vhosts().get("/").queue("pol.trim").policy());
    }

    @Test
    void anOperatorPolicysSmallerLimitWinsAndTheHigherPriorityPolicyApplies() throws Exception {
        Channel ch = broker.newChannel();
        ch.queueDeclare("pol.op", false, false, true, null);
        vhosts().setPolicy("/", policy("wide", "^pol\\.", 1, Map.of("max-length", 100L)));
        vhosts().setPolicy("/", policy("narrow", "^pol\\.op", 5, Map.of("max-length", 10L)));
        vhosts().setPolicy("/", Policy.of("ops-cap", ".*", "queues", 0, Map.of("max-length", 3L), true));
        publish(ch, "pol.op", 6);
        Await.until("the operator policy's 3", () -> count(ch, "pol.op") == 3);
        assertEquals("narrow", vhosts().get("/").queue("pol.op").policy());
        assertEquals("ops-cap", vhosts().get("/").queue("pol.op").operatorPolicy());
        // a queue argument smaller than both wins too
        ch.queueDeclare("pol.arg", false, false, true, Map.of("x-max-length", 1L));
        publish(ch, "pol.arg", 4);
        Await.until("the argument's 1", () -> count(ch, "pol.arg") == 1);
    }

    @Test
    void aPolicyTtlExpiresNewMessagesAndAPolicyAlternateExchangeRoutes() throws Exception {
        Channel ch = broker.newChannel();
        ch.queueDeclare("pol.ttl", false, false, true, null);
        vhosts().setPolicy("/", policy("short-ttl", "^pol\\.ttl$", 0, Map.of("message-ttl", 50L)));
        Await.until("the policy to reach the queue", () -> "short-ttl".equals(vhosts().get("/").queue("pol.ttl").policy()));
        publish(ch, "pol.ttl", 3);
        Await.until("the policy TTL to expire them", () -> count(ch, "pol.ttl") == 0);

        ch.exchangeDeclare("pol.x", "direct", false, true, null);
        ch.exchangeDeclare("pol.ae", "fanout", false, true, null);
        ch.queueDeclare("pol.ae.q", false, false, true, null);
        ch.queueBind("pol.ae.q", "pol.ae", "");
        vhosts().setPolicy("/", Policy.of("ae", "^pol\\.x$", "exchanges", 0, Map.of("alternate-exchange", "pol.ae"),
                false));
        ch.confirmSelect();
        ch.basicPublish("pol.x", "nowhere", null, "unroutable".getBytes(StandardCharsets.UTF_8));
        ch.waitForConfirmsOrDie(10_000);
        Await.until("the AE to get it", () -> count(ch, "pol.ae.q") == 1);
    }

    @Test
    void policiesSurviveARestartAndApplyToRestoredQueues() throws Exception {
        Channel ch = broker.newChannel();
        ch.queueDeclare("pol.durable", true, false, false, null);
        vhosts().setPolicy("/", policy("keep", "^pol\\.durable$", 7, Map.of("max-length", 2L)));
        broker.restart();
        Policy p = vhosts().policies("/").policy("keep", false);
        assertNotNull(p);
        assertEquals(7, p.priority());
        Channel again = broker.newChannel();
        publish(again, "pol.durable", 4);
        Await.until("the restored policy to trim", () -> count(again, "pol.durable") == 2);
        again.queueDelete("pol.durable");
    }

    @Test
    void anUnknownKeyOrABadPatternIsRefused() {
        PolicyException e = assertThrows(PolicyException.class,
                () -> policy("bad", ".*", 0, Map.of("max-priority", 5L)));
        assertEquals("[max-priority] are not recognised policy settings", e.getMessage());
        assertThrows(PolicyException.class, () -> policy("bad", "[", 0, Map.of("max-length", 1L)));
        assertTrue(vhosts().policies("/").isEmpty());
    }
}
