package io.warrenmq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A {@link Topology} built in code exists on the broker: checked with passive declares, routing and logins. */
class TopologyBuilderTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    static final Topology TOPOLOGY = Topology.builder()
            .exchange("orders", "topic")
            .exchange("audit-all", "fanout", x -> x.durable(false).internal(true))
            .exchange("with-ae", "direct", x -> x.argument("alternate-exchange", "orders"))
            .queue("billing", q -> q.argument("x-message-ttl", 60_000))
            .queue("audit", q -> q.durable(false))
            .bind("orders", "billing", "order.*")
            .bindExchange("orders", "audit-all", "#")
            .bind("audit-all", "audit", "")
            .user("alice", "secret", "monitoring")
            .permissions("alice", "", "orders", "billing")
            .user("bob", "hunter2")
            .policy("cap", "^capped\\.", "queues", 5, Map.of("max-length", 2))
            .vhost("tenant", v -> v.queue("tenant-q").permissions("bob", ".*", ".*", ".*"))
            .build();

    @RegisterExtension
    static WarrenExtension warren = WarrenExtension.withTopology(TOPOLOGY);

    @Test
    void exchangesAndQueuesExistWithTheirProperties(Channel ch) throws Exception {
        ch.exchangeDeclarePassive("orders");
        ch.exchangeDeclarePassive("audit-all");
        ch.exchangeDeclarePassive("with-ae");
        ch.queueDeclarePassive("billing");
        ch.queueDeclarePassive("audit");
        // equivalent redeclares succeed, so type, durability, internal and arguments are as declared
        ch.exchangeDeclare("orders", "topic", true);
        ch.exchangeDeclare("audit-all", "fanout", false, false, true, null);
        ch.exchangeDeclare("with-ae", "direct", true, false, Map.of("alternate-exchange", "orders"));
        ch.queueDeclare("billing", true, false, false, Map.of("x-message-ttl", 60_000));
        ch.queueDeclare("audit", false, false, false, null);
    }

    @Test
    void aDifferentRedeclareIsRefused(Connection c) throws Exception {
        Channel ch = c.createChannel();
        IOException e = assertThrows(IOException.class,
                () -> ch.queueDeclare("billing", true, false, false, Map.of("x-message-ttl", 1)));
        assertTrue(String.valueOf(e.getCause()).contains("PRECONDITION_FAILED"), String.valueOf(e.getCause()));
    }

    @Test
    void bindingsRouteExchangeToQueueAndExchangeToExchange(Channel ch, WarrenBroker broker) throws Exception {
        ch.basicPublish("orders", "order.created", null, "one".getBytes());
        ch.basicPublish("orders", "invoice.sent", null, "two".getBytes());
        ch.basicPublish("with-ae", "nobody", null, "three".getBytes()); // alternate-exchange -> orders -> audit-all
        assertEquals("one", broker.awaitMessages("billing", 1, WAIT).get(0).text());
        assertEquals(3, broker.awaitMessages("audit", 3, WAIT).size());
        broker.awaitQueueDepth("billing", 0, WAIT);
    }

    @Test
    void usersLogInWithTheirPasswordsAndHaveTheirPermissions(WarrenBroker broker) throws Exception {
        ConnectionFactory f = broker.connectionFactory();
        f.setUsername("alice");
        f.setPassword("secret");
        try (Connection c = f.newConnection()) {
            Channel ch = c.createChannel();
            ch.basicPublish("orders", "order.paid", null, new byte[0]);
            assertNotNull(ch.basicGet("billing", true));
            IOException refused = assertThrows(IOException.class,
                    () -> ch.queueDeclare("alices-own", false, false, false, null));
            assertTrue(String.valueOf(refused.getCause()).contains("ACCESS_REFUSED"), String.valueOf(refused.getCause()));
        }
        f.setPassword("wrong");
        assertThrows(Exception.class, f::newConnection);
        assertEquals(java.util.List.of("monitoring"), broker.server().users().user("alice").orElseThrow().tags());
    }

    @Test
    void aDeclaredVhostHoldsItsObjectsAndItsUsersPermissions(WarrenBroker broker) throws Exception {
        ConnectionFactory f = broker.connectionFactory("tenant");
        f.setUsername("bob");
        f.setPassword("hunter2");
        try (Connection c = f.newConnection()) {
            c.createChannel().queueDeclarePassive("tenant-q");
        }
        // the default user gets the declared vhost too (the testkit's own connections use it)
        try (Connection c = broker.connectionFactory("tenant").newConnection()) {
            AMQP.Queue.DeclareOk ok = c.createChannel().queueDeclarePassive("tenant-q");
            assertEquals(0, ok.getMessageCount());
        }
        // and bob has nothing on "/"
        ConnectionFactory root = broker.connectionFactory();
        root.setUsername("bob");
        root.setPassword("hunter2");
        assertThrows(IOException.class, root::newConnection);
    }

    @Test
    void policiesApply(Channel ch, WarrenBroker broker) throws Exception {
        ch.queueDeclare("capped.q", false, false, false, null);
        for (int i = 0; i < 5; i++) {
            ch.basicPublish("", "capped.q", null, new byte[] {(byte) i});
        }
        broker.awaitQueueDepth("capped.q", 2, WAIT);
        assertEquals("cap", broker.server().vhosts().get("/").queue("capped.q").policy());
    }

    @Test
    void topologiesBuiltAlikeAreEqualAndOthersAreNot() {
        Topology again = Topology.builder()
                .exchange("orders", "topic")
                .exchange("audit-all", "fanout", x -> x.durable(false).internal(true))
                .exchange("with-ae", "direct", x -> x.argument("alternate-exchange", "orders"))
                .queue("billing", q -> q.argument("x-message-ttl", 60_000L))
                .queue("audit", q -> q.durable(false))
                .bind("orders", "billing", "order.*")
                .bindExchange("orders", "audit-all", "#")
                .bind("audit-all", "audit", "")
                .user("alice", "secret", "monitoring")
                .permissions("alice", "", "orders", "billing")
                .user("bob", "hunter2")
                .policy("cap", "^capped\\.", "queues", 5, Map.of("max-length", 2))
                .vhost("tenant", v -> v.queue("tenant-q").permissions("bob", ".*", ".*", ".*"))
                .build();
        assertEquals(TOPOLOGY, again);
        assertEquals(TOPOLOGY.hashCode(), again.hashCode());
        assertNotEquals(TOPOLOGY, Topology.builder().queue("billing").build());
        assertTrue(Topology.empty().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> Topology.builder().queue("q", q -> q.argument("x", new Object())));
    }

    @Test
    void aTopologyTheBrokerRefusesStopsTheStartNamingTheEntry() {
        Topology bad = Topology.builder().queue("q").bind("no-such-exchange", "q", "k").build();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> WarrenBroker.start(WarrenSettings.DEFAULTS.withTopology(bad), getClass().getClassLoader()));
        assertTrue(e.getMessage().startsWith("cannot import the declared topology: "), e.getMessage());
        assertTrue(e.getMessage().contains("no-such-exchange"), e.getMessage());
    }
}
