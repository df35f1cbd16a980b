package io.warrenmq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import io.warrenmq.auth.Permissions;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The work {@link WarrenBroker#reset()} skips when nothing changed (an empty queue's purge, the
 * comparison of exchanges, bindings, policies and users with the baseline) must never skip a
 * change: each test makes one right after a reset that had nothing to do, or right before the reset.
 */
class ResetShortcutsTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @RegisterExtension
    static WarrenExtension warren = WarrenExtension.withTopology(Topology.builder()
            .exchange("x", "direct")
            .queue("orders")
            .bind("x", "orders", "k")
            .user("alice", "secret")
            .permissions("alice", ".*", ".*", ".*")
            .policy("ttl", "^ttl\\.", Map.of("message-ttl", 60_000))
            .build());

    private static void quietResets(WarrenBroker broker) {
        broker.reset();
        broker.reset(); // the second one had nothing to do: every shortcut is armed
    }

    @Test
    void messagesConfirmedJustBeforeTheResetArePurged(Channel ch, WarrenBroker broker) throws Exception {
        ch.confirmSelect();
        for (int round = 0; round < 30; round++) {
            quietResets(broker);
            for (int i = 0; i < 3; i++) {
                ch.basicPublish("x", "k", null, new byte[] {(byte) i});
            }
            ch.waitForConfirmsOrDie(WAIT.toMillis()); // the queue took them, it may not have counted them yet
            broker.reset();
            assertEquals(0, broker.queueDepth("orders"), "round " + round);
        }
    }

    @Test
    void aBindingAddedAfterAQuietResetIsRemoved(Channel ch, WarrenBroker broker) throws Exception {
        quietResets(broker);
        ch.queueBind("orders", "amq.fanout", "");
        broker.reset();
        ch.basicPublish("amq.fanout", "", null, new byte[] {1});
        ch.basicPublish("x", "k", null, new byte[] {2});
        broker.awaitQueueDepth("orders", 1, WAIT);
        assertEquals(1, broker.awaitMessages("orders", 1, WAIT).size());
        assertEquals(0, broker.queueDepth("orders"), "the fanout binding was removed");
    }

    @Test
    void aDeclaredBindingRemovedAfterAQuietResetComesBack(Channel ch, WarrenBroker broker) throws Exception {
        quietResets(broker);
        ch.queueUnbind("orders", "x", "k");
        broker.reset();
        ch.basicPublish("x", "k", null, new byte[] {1});
        broker.awaitQueueDepth("orders", 1, WAIT);
    }

    @Test
    void anExchangeDeclaredAfterAQuietResetIsDeleted(Channel ch, WarrenBroker broker) throws Exception {
        quietResets(broker);
        ch.exchangeDeclare("extra", "topic");
        broker.reset();
        Channel fresh = ch.getConnection().createChannel();
        IOException e = assertThrows(IOException.class, () -> fresh.exchangeDeclarePassive("extra"));
        assertTrue(String.valueOf(e.getCause()).contains("NOT_FOUND"), String.valueOf(e.getCause()));
    }

    @Test
    void aQueueDeletedAfterAQuietResetComesBack(Channel ch, WarrenBroker broker) throws Exception {
        quietResets(broker);
        ch.queueDelete("orders");
        broker.reset();
        ch.getConnection().createChannel().basicPublish("x", "k", null, new byte[] {1});
        broker.awaitQueueDepth("orders", 1, WAIT);
    }

    @Test
    void aPolicyClearedAgainAfterAResetThatPutItBackComesBackAgain(WarrenBroker broker) {
        broker.server().vhosts().clearPolicy("/", "ttl", false);
        broker.reset(); // puts the policy back: a new policies object, which the next reset must know
        broker.server().vhosts().clearPolicy("/", "ttl", false);
        broker.reset();
        assertNotNull(broker.server().vhosts().policies("/").policy("ttl", false));
    }

    @Test
    void permissionsChangedAgainAfterAResetThatRestoredThemAreRestoredAgain(WarrenBroker broker) {
        broker.server().users().setPermissions("alice", "/", Permissions.of("", "", ""));
        broker.reset();
        broker.server().users().setPermissions("alice", "/", Permissions.of("", "", ""));
        broker.reset();
        assertEquals(Permissions.of(".*", ".*", ".*"),
                broker.server().users().snapshot().permissions("alice", "/"));
    }
}
