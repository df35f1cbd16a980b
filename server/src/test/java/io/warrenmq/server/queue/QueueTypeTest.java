package io.warrenmq.server.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import io.warrenmq.codec.types.FieldTable;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class QueueTypeTest {
    private static final FieldTable QUORUM = FieldTable.EMPTY.with("x-queue-type", "quorum");
    /** What AmqpException's text starts with for a 406 (the reply text sent is "CODE - reason"). */
    private static final String PREFIX = "PRECONDITION_FAILED - ";

    /** The reason of the 406 that {@code refused} throws. */
    private static String reason(Executable refused) {
        AmqpException e = assertThrows(AmqpException.class, refused);
        assertEquals(ReplyCode.PRECONDITION_FAILED, e.code());
        assertTrue(e.text().startsWith(PREFIX), e.text());
        return e.text().substring(PREFIX.length());
    }

    private static Executable newQuorum(FieldTable args, boolean durable, boolean exclusive, boolean autoDelete) {
        return () -> QueueType.QUORUM.checkNew(args, "q", "/", durable, exclusive, autoDelete);
    }

    @Test
    void anAbsentUnknownOrMistypedTypeReadsAsClassicForAnExistingQueue() {
        assertEquals(QueueType.CLASSIC, QueueType.of(FieldTable.EMPTY));
        assertEquals(QueueType.CLASSIC, QueueType.of(FieldTable.EMPTY.with("x-queue-type", "fifo")));
        assertEquals(QueueType.CLASSIC, QueueType.of(FieldTable.EMPTY.with("x-queue-type", 7)));
        assertEquals(QueueType.QUORUM, QueueType.of(QUORUM));
        assertEquals(QueueType.STREAM,
                QueueType.of(FieldTable.EMPTY.with("x-queue-type", "stream".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aNewQueueMustNameAKnownType() {
        assertEquals("invalid arg 'x-queue-type' for queue 'q' in vhost '/': \"unsupported queue type 'fifo'\"",
                reason(() -> QueueType.declared(FieldTable.EMPTY.with("x-queue-type", "fifo"), "q", "/")));
        assertEquals("invalid arg 'x-queue-type' for queue 'q' in vhost '/': {unacceptable_type,bool}",
                reason(() -> QueueType.declared(FieldTable.EMPTY.with("x-queue-type", true), "q", "/")));
        assertEquals(QueueType.CLASSIC, QueueType.declared(FieldTable.EMPTY, "q", "/"));
    }

    @Test
    void theVhostDefaultAppliesOnlyWhereItsTypeCanHoldTheQueue() {
        assertEquals("quorum", QueueType.withVhostDefault(FieldTable.EMPTY, "quorum", true, false, false)
                .getString("x-queue-type"));
        assertFalse(QueueType.withVhostDefault(FieldTable.EMPTY, "quorum", false, false, false)
                .containsKey("x-queue-type"), "transient");
        assertFalse(QueueType.withVhostDefault(FieldTable.EMPTY, "quorum", true, true, false)
                .containsKey("x-queue-type"), "exclusive");
        assertFalse(QueueType.withVhostDefault(FieldTable.EMPTY, "quorum", true, false, true)
                .containsKey("x-queue-type"), "auto-delete");
        assertSame(FieldTable.EMPTY, QueueType.withVhostDefault(FieldTable.EMPTY, "classic", true, false, false),
                "a classic default adds nothing (RabbitMQ's default vhost has none)");
        assertSame(FieldTable.EMPTY, QueueType.withVhostDefault(FieldTable.EMPTY, "unknown", true, false, false));
        FieldTable named = FieldTable.EMPTY.with("x-queue-type", "classic");
        assertSame(named, QueueType.withVhostDefault(named, "quorum", true, false, false), "a declare naming a type");
        assertSame(FieldTable.EMPTY, QueueType.withVhostDefault(FieldTable.EMPTY, "", true, false, false));
    }

    @Test
    void aQuorumQueueValidatesOnlyTheValuesOfItsOwnArguments() {
        FieldTable args = FieldTable.of(Map.of("x-queue-type", "quorum", "x-max-priority", 999, "x-message-ttl", 5));
        FieldTable validated = QueueType.QUORUM.validatedArguments(args);
        assertFalse(validated.containsKey("x-max-priority"));
        assertTrue(validated.containsKey("x-message-ttl"));
        assertSame(args, QueueType.CLASSIC.validatedArguments(args));
    }

    @Test
    void quorumRefusalsComeInRabbitMqsOrder() throws Throwable {
        // other types' keys before the properties
        assertEquals("invalid arg 'x-queue-mode' for queue 'q' in vhost '/' of queue type rabbit_quorum_queue",
                reason(newQuorum(QUORUM.with("x-queue-mode", "lazy"), false, true, true)));
        // then auto-delete, exclusive, non-durable
        assertEquals("invalid property 'auto-delete' for queue 'q' in vhost '/'",
                reason(newQuorum(QUORUM, false, true, true)));
        assertEquals("invalid property 'exclusive-owner' for queue 'q' in vhost '/'",
                reason(newQuorum(QUORUM, false, true, false)));
        assertEquals("invalid property 'non-durable' for queue 'q' in vhost '/'",
                reason(newQuorum(QUORUM, false, false, false)));
        newQuorum(QUORUM.with("x-delivery-limit", 5).with("x-dead-letter-strategy", "at-most-once"), true, false,
                false).execute();
    }

    @Test
    void quorumOnlyArgumentValuesUseRabbitMqsTerms() {
        assertEquals("invalid arg 'x-quorum-initial-group-size' for queue 'q' in vhost '/': {value_negative,-1}",
                reason(newQuorum(QUORUM.with("x-quorum-initial-group-size", -1), true, false, false)));
        assertEquals("invalid arg 'x-quorum-initial-group-size' for queue 'q' in vhost '/': "
                + "\"expected integer, got longstr\"",
                reason(newQuorum(QUORUM.with("x-quorum-initial-group-size", "3"), true, false, false)));
        assertEquals("invalid arg 'x-dead-letter-strategy' for queue 'q' in vhost '/': {unacceptable_type,signedint}",
                reason(newQuorum(QUORUM.with("x-dead-letter-strategy", 1), true, false, false)));
    }

    @Test
    void streamsAndServerNamedReplicatedQueuesAreRefused() {
        reason(() -> QueueType.STREAM.checkNew(FieldTable.EMPTY, "s", "/", true, false, false));
        assertEquals("Cannot declare a server-named queue for type rabbit_quorum_queue",
                reason(QueueType.QUORUM::checkServerNamed));
        QueueType.CLASSIC.checkServerNamed();
    }
}
