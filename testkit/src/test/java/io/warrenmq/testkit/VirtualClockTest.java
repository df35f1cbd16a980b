package io.warrenmq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import io.warrenmq.server.clock.VirtualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The virtual clock through the RabbitMQ Java client: TTLs, x-expires, the consumer timeout and
 * heartbeat timeouts fire when the test advances the clock, at the virtual instant they are due and
 * not before. Every publish is confirmed before advancing (what has not reached the queue cannot
 * expire yet).
 */
@WarrenTest(virtualClock = true)
class VirtualClockTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A queue {@code name} dead-lettering to the fanout {@code name + ".dlx"}, bound to {@code name + ".dead"}. */
    private static void declareWithDeadLetters(Channel ch, String name, Map<String, Object> args) throws Exception {
        ch.exchangeDeclare(name + ".dlx", "fanout");
        ch.queueDeclare(name + ".dead", false, false, false, null);
        ch.queueBind(name + ".dead", name + ".dlx", "");
        Map<String, Object> all = new java.util.HashMap<>(args);
        all.put("x-dead-letter-exchange", name + ".dlx");
        ch.queueDeclare(name, false, false, false, all);
    }

    private static void publishConfirmed(Channel ch, String queue, AMQP.BasicProperties props, String body)
            throws Exception {
        ch.confirmSelect();
        ch.basicPublish("", queue, props, body.getBytes(StandardCharsets.UTF_8));
        ch.waitForConfirmsOrDie(WAIT.toMillis());
    }

    @Test
    void aOneHourMessageTtlExpiresAndDeadLettersWhenTheClockPassesIt(Channel ch, WarrenBroker broker) throws Exception {
        declareWithDeadLetters(ch, "hour", Map.of("x-message-ttl", 3_600_000));
        publishConfirmed(ch, "hour", null, "stale");
        VirtualClock clock = broker.clock();

        clock.advance(Duration.ofMinutes(59).plusSeconds(59));
        assertEquals(1, broker.queueDepth("hour"), "expired a second early");
        assertEquals(0, broker.queueDepth("hour.dead"));

        clock.advance(Duration.ofSeconds(1));
        // no waiting: advance returns once the expiry and the dead-lettering have run
        assertEquals(0, broker.queueDepth("hour"));
        assertEquals(1, broker.queueDepth("hour.dead"));
        ReceivedMessage dead = broker.awaitMessages("hour.dead", 1, WAIT).get(0);
        assertEquals("stale", dead.text());
        Map<String, Object> death = firstDeath(dead);
        assertEquals("expired", death.get("reason").toString());
        assertEquals("hour", death.get("queue").toString());
        // x-death's time is the clock's: the virtual instant it expired, to the second
        assertEquals(clock.now().getEpochSecond(), ((Date) death.get("time")).toInstant().getEpochSecond());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstDeath(ReceivedMessage m) {
        List<Map<String, Object>> deaths = (List<Map<String, Object>>) m.properties().getHeaders().get("x-death");
        return deaths.get(0);
    }

    @Test
    void aPerMessageExpirationOfTenSecondsSurvivesNineAndGoesAtTen(Channel ch, WarrenBroker broker) throws Exception {
        declareWithDeadLetters(ch, "per-message", Map.of());
        publishConfirmed(ch, "per-message", new AMQP.BasicProperties.Builder().expiration("10000").build(), "ten");
        publishConfirmed(ch, "per-message", null, "forever");

        broker.clock().advance(Duration.ofSeconds(9));
        assertEquals(2, broker.queueDepth("per-message"));

        broker.clock().advance(Duration.ofSeconds(1));
        assertEquals(1, broker.queueDepth("per-message"), "the message without expiration stays");
        assertEquals(1, broker.queueDepth("per-message.dead"));
        assertEquals("forever", broker.awaitMessages("per-message", 1, WAIT).get(0).text());
        ReceivedMessage dead = broker.awaitMessages("per-message.dead", 1, WAIT).get(0);
        assertEquals("ten", dead.text());
        assertEquals("10000", firstDeath(dead).get("original-expiration").toString());
        assertEquals(null, dead.properties().getExpiration(), "dead letters lose their expiration");
    }

    @Test
    void nothingFiresEarlyAndTimeDoesNotMoveOnItsOwn(Channel ch, WarrenBroker broker) throws Exception {
        ch.queueDeclare("ten-seconds", false, false, false, Map.of("x-message-ttl", 10_000));
        publishConfirmed(ch, "ten-seconds", null, "m");
        Instant before = broker.clock().now();
        broker.clock().advance(Duration.ofSeconds(9));
        assertEquals(before.plusSeconds(9), broker.clock().now());
        // real time passing does nothing: the broker's time is the clock's (a confirmed round trip
        // through the broker's loops takes real time, and moves nothing)
        ch.queueDeclare("round-trip", false, false, true, null);
        publishConfirmed(ch, "round-trip", null, "r");
        assertEquals(before.plusSeconds(9), broker.clock().now());
        assertEquals(1, broker.queueDepth("ten-seconds"));
        broker.clock().advance(Duration.ofSeconds(1));
        assertEquals(0, broker.queueDepth("ten-seconds"));
    }

    @Test
    void xExpiresDeletesAnUnusedQueueAndUseRestartsTheCount(Channel ch, WarrenBroker broker) throws Exception {
        ch.queueDeclare("idle", false, false, false, Map.of("x-expires", 60_000));
        broker.clock().advance(Duration.ofSeconds(40));
        ch.basicGet("idle", true); // use: the minute starts again
        broker.clock().advance(Duration.ofSeconds(59));
        assertEquals(0, broker.queueDepth("idle"), "deleted before a minute of disuse");
        broker.clock().advance(Duration.ofSeconds(1));
        assertEquals(-1, broker.queueDepth("idle"), "still there after a minute unused");
    }

    @Test
    void theTestkitsOwnConnectionsHaveNoHeartbeatsSoAdvancingKeepsThem(Connection c, WarrenBroker broker)
            throws Exception {
        assertEquals(0, c.getHeartbeat());
        int open = broker.server().connectionRegistry().size();
        broker.clock().advance(Duration.ofHours(2));
        assertEquals(open, broker.server().connectionRegistry().size());
        c.createChannel().close(); // a round trip: the broker still answers on it
    }

    @Test
    void aClientThatMissesItsHeartbeatsIsDisconnected(ConnectionFactory factory, WarrenBroker broker)
            throws Exception {
        factory.setRequestedHeartbeat(10);
        Connection c = factory.newConnection();
        assertEquals(10, c.getHeartbeat());
        CompletableFuture<ShutdownSignalException> closed = new CompletableFuture<>();
        c.addShutdownListener(closed::complete);
        int open = broker.server().connectionRegistry().size();

        // the broker sends its own heartbeats meanwhile; the client, in real time, sends none
        broker.clock().advance(Duration.ofSeconds(19));
        assertEquals(open, broker.server().connectionRegistry().size(), "closed before two silent intervals");

        broker.clock().advance(Duration.ofSeconds(1));
        assertEquals(open - 1, broker.server().connectionRegistry().size());
        ShutdownSignalException why = closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        // as RabbitMQ: the socket is dropped, no connection.close
        assertTrue(why.isHardError() && !why.isInitiatedByApplication(), why.toString());
    }
}
