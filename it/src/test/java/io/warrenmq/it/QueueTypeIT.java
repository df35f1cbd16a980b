package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectChannelError;
import static io.warrenmq.it.EmbeddedBroker.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.warrenmq.auth.Permissions;
import io.warrenmq.server.vhost.VhostMetadata;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/**
 * {@code x-queue-type} as RabbitMQ 3.13 handles it. {@code classic} is the default. {@code quorum}
 * follows rabbit_quorum_queue's declare rules (durable, not exclusive, not auto-delete; other types'
 * arguments refused by name) and is kept, as a durable Warren queue, with its type: redeclare
 * equivalence and a restart see it. {@code stream} is refused until streams exist. Any other value is
 * RabbitMQ's 406. A vhost's {@code default_queue_type} applies to declares that name no type.
 */
class QueueTypeIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    private static final Map<String, Object> QUORUM = Map.of("x-queue-type", "quorum");

    private static Map<String, Object> quorumWith(String key, Object value) {
        Map<String, Object> args = new HashMap<>(QUORUM);
        args.put(key, value);
        return args;
    }

    private static String refused(Executable declare) {
        return expectChannelError(AMQP.PRECONDITION_FAILED, declare).getReplyText();
    }

    private static void assertMissing(String queue) throws Exception {
        Channel probe = broker.newChannel();
        expectChannelError(AMQP.NOT_FOUND, () -> probe.queueDeclarePassive(queue));
    }

    @Test
    void aDurableQuorumQueueIsDeclaredAndWorks() throws Exception {
        Channel channel = broker.newChannel();
        String queue = uniqueName("qq");
        assertEquals(queue, channel.queueDeclare(queue, true, false, false, QUORUM).getQueue());
        channel.queueDeclare(queue, true, false, false, QUORUM); // an identical redeclare is fine
        Messages.sendToQueue(channel, queue, "hello");
        assertEquals("hello", Messages.text(Messages.getEventually(channel, queue, true).getBody()));
    }

    @Test
    void quorumQueuePropertiesAreCheckedAsRabbitMqChecksThem() throws Exception {
        String queue = uniqueName("qq-props");
        assertEquals("PRECONDITION_FAILED - invalid property 'non-durable' for queue '" + queue + "' in vhost '/'",
                refused(() -> broker.newChannel().queueDeclare(queue, false, false, false, QUORUM)));
        assertEquals("PRECONDITION_FAILED - invalid property 'exclusive-owner' for queue '" + queue + "' in vhost '/'",
                refused(() -> broker.newChannel().queueDeclare(queue, true, true, false, QUORUM)));
        assertEquals("PRECONDITION_FAILED - invalid property 'auto-delete' for queue '" + queue + "' in vhost '/'",
                refused(() -> broker.newChannel().queueDeclare(queue, true, false, true, QUORUM)));
        assertMissing(queue);
    }

    @Test
    void argumentsOfOtherQueueTypesAreRefusedByName() throws Exception {
        String queue = uniqueName("qq-args");
        for (var arg : List.of(Map.entry("x-max-priority", (Object) 10), Map.entry("x-queue-mode", "lazy"),
                Map.entry("x-queue-version", 2), Map.entry("x-max-age", "1D"),
                Map.entry("x-queue-master-locator", "min-masters"))) {
            assertEquals("PRECONDITION_FAILED - invalid arg '" + arg.getKey() + "' for queue '" + queue
                    + "' in vhost '/' of queue type rabbit_quorum_queue",
                    refused(() -> broker.newChannel().queueDeclare(queue, true, false, false,
                            quorumWith(arg.getKey(), arg.getValue()))), arg.getKey());
        }
        assertMissing(queue);
    }

    @Test
    void quorumArgumentsAreAcceptedAndValidated() throws Exception {
        Channel channel = broker.newChannel();
        String queue = uniqueName("qq-accepted");
        Map<String, Object> args = new HashMap<>(QUORUM);
        args.put("x-delivery-limit", 3);
        args.put("x-dead-letter-strategy", "at-least-once");
        args.put("x-overflow", "reject-publish");
        args.put("x-quorum-initial-group-size", 3);
        args.put("x-queue-leader-locator", "balanced");
        args.put("x-message-ttl", 60_000);
        channel.queueDeclare(queue, true, false, false, args);

        String bad = uniqueName("qq-bad");
        assertEquals("PRECONDITION_FAILED - invalid arg 'x-dead-letter-strategy' for queue '" + bad
                + "' in vhost '/': invalid_dlx_strategy",
                refused(() -> broker.newChannel().queueDeclare(bad, true, false, false,
                        quorumWith("x-dead-letter-strategy", "sometimes"))));
        assertEquals("PRECONDITION_FAILED - invalid arg 'x-quorum-initial-group-size' for queue '" + bad
                + "' in vhost '/': {value_zero,0}",
                refused(() -> broker.newChannel().queueDeclare(bad, true, false, false,
                        quorumWith("x-quorum-initial-group-size", 0))));
        assertEquals("PRECONDITION_FAILED - invalid arg 'x-queue-leader-locator' for queue '" + bad
                + "' in vhost '/': invalid_queue_locator_arg",
                refused(() -> broker.newChannel().queueDeclare(bad, true, false, false,
                        quorumWith("x-queue-leader-locator", "nearest"))));
        assertMissing(bad);
    }

    @Test
    void aServerNamedQuorumQueueIsRefused() {
        assertEquals("PRECONDITION_FAILED - Cannot declare a server-named queue for type rabbit_quorum_queue",
                refused(() -> broker.newChannel().queueDeclare("", true, false, false, QUORUM)));
    }

    /** In a vhost without a default queue type, a declare naming no type says "none". */
    @Test
    void redeclaringWithAnotherTypeIsInequivalent() throws Exception {
        String vhost = uniqueName("no-default-type");
        broker.broker().vhosts().create(vhost, VhostMetadata.NONE);
        broker.broker().users().setPermissions("guest", vhost, Permissions.FULL);
        try {
            ConnectionFactory factory = broker.connectionFactory();
            factory.setVirtualHost(vhost);
            Connection connection = broker.newConnection(factory);
            String queue = uniqueName("qq-equiv");
            connection.createChannel().queueDeclare(queue, true, false, false, QUORUM);
            assertEquals("PRECONDITION_FAILED - inequivalent arg 'x-queue-type' for queue '" + queue + "' in vhost '"
                    + vhost + "': received none but current is the value 'quorum' of type 'longstr'",
                    refused(() -> connection.createChannel().queueDeclare(queue, true, false, false, null)));
            assertEquals("PRECONDITION_FAILED - inequivalent arg 'x-queue-type' for queue '" + queue + "' in vhost '"
                    + vhost + "': received the value 'classic' of type 'longstr' but current is the value 'quorum' of "
                    + "type 'longstr'",
                    refused(() -> connection.createChannel().queueDeclare(queue, true, false, false,
                            Map.of("x-queue-type", "classic"))));

            String classic = uniqueName("classic-equiv");
            connection.createChannel().queueDeclare(classic, true, false, false, null);
            assertEquals("PRECONDITION_FAILED - inequivalent arg 'x-queue-type' for queue '" + classic
                    + "' in vhost '" + vhost + "': received the value 'quorum' of type 'longstr' but current is none",
                    refused(() -> connection.createChannel().queueDeclare(classic, true, false, false, QUORUM)));
        } finally {
            broker.broker().vhosts().delete(vhost);
        }
    }

    /**
     * The default vhost says "classic" as its default queue type, but, as with RabbitMQ's default
     * vhost (which has none), a declare naming no type names none.
     */
    @Test
    void inTheDefaultVhostNoTypeStaysNone() throws Exception {
        String queue = uniqueName("qq-equiv-default-vhost");
        broker.newChannel().queueDeclare(queue, true, false, false, QUORUM);
        assertEquals("PRECONDITION_FAILED - inequivalent arg 'x-queue-type' for queue '" + queue + "' in vhost '/': "
                + "received none but current is the value 'quorum' of type 'longstr'",
                refused(() -> broker.newChannel().queueDeclare(queue, true, false, false, null)));
    }

    /** rabbit_misc: an absent x-queue-type and 'classic' are the same on redeclare, both ways. */
    @Test
    void classicIsTheDefaultAndAnExplicitClassicIsEquivalentToNone() throws Exception {
        Channel channel = broker.newChannel();
        String implicit = uniqueName("classic-implicit");
        channel.queueDeclare(implicit, false, false, false, null);
        channel.queueDeclare(implicit, false, false, false, Map.of("x-queue-type", "classic"));
        String explicit = uniqueName("classic-explicit");
        channel.queueDeclare(explicit, false, true, true, Map.of("x-queue-type", "classic"));
        channel.queueDeclare(explicit, false, true, true, null);
    }

    @Test
    void streamsAreRefusedNotCreatedAsClassicQueues() throws Exception {
        String queue = uniqueName("stream");
        String text = refused(() -> broker.newChannel().queueDeclare(queue, true, false, false,
                Map.of("x-queue-type", "stream")));
        assertTrue(text.contains("'stream' is not supported"), text);
        assertMissing(queue);
    }

    @Test
    void anUnknownTypeIsRefused() throws Exception {
        String queue = uniqueName("unknown-type");
        assertEquals("PRECONDITION_FAILED - invalid arg 'x-queue-type' for queue '" + queue
                + "' in vhost '/': \"unsupported queue type 'fifo'\"",
                refused(() -> broker.newChannel().queueDeclare(queue, true, false, false,
                        Map.of("x-queue-type", "fifo"))));
        assertEquals("PRECONDITION_FAILED - invalid arg 'x-queue-type' for queue '" + queue
                + "' in vhost '/': {unacceptable_type,signedint}",
                refused(() -> broker.newChannel().queueDeclare(queue, true, false, false,
                        Map.of("x-queue-type", 1))));
        assertMissing(queue);
    }

    /** The type is part of the stored queue: after a restart the queue is still a quorum queue, with its messages. */
    @Test
    void theTypeSurvivesARestart() throws Exception {
        String queue = uniqueName("qq-restart");
        Channel channel = broker.newChannel();
        channel.queueDeclare(queue, true, false, false, QUORUM);
        channel.confirmSelect();
        channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
                Messages.utf8("kept"));
        channel.waitForConfirmsOrDie(10_000);

        broker.restart();
        Channel after = broker.newChannel();
        assertEquals(1, after.queueDeclare(queue, true, false, false, QUORUM).getMessageCount());
        refused(() -> broker.newChannel().queueDeclare(queue, true, false, false, null));
    }

    /**
     * A vhost whose default_queue_type is quorum: a durable, shared, non-auto-delete declare without
     * x-queue-type gets a quorum queue (RabbitMQ 3.13's augment_declare_args); others stay classic.
     */
    @Test
    void aVhostDefaultQueueTypeOfQuorumApplies() throws Exception {
        String vhost = uniqueName("qq-default");
        broker.broker().vhosts().create(vhost, new VhostMetadata("", List.of(), "quorum"));
        broker.broker().users().setPermissions("guest", vhost, Permissions.FULL);
        try {
            ConnectionFactory factory = broker.connectionFactory();
            factory.setVirtualHost(vhost);
            Connection connection = broker.newConnection(factory);

            String durable = uniqueName("defaulted");
            connection.createChannel().queueDeclare(durable, true, false, false, null);
            Channel check = connection.createChannel();
            AMQP.Channel.Close close = expectChannelError(AMQP.PRECONDITION_FAILED,
                    () -> check.queueDeclare(durable, true, false, false, Map.of("x-queue-type", "classic")));
            assertTrue(close.getReplyText().contains("current is the value 'quorum'"), close.getReplyText());
            Channel priority = connection.createChannel();
            close = expectChannelError(AMQP.PRECONDITION_FAILED,
                    () -> priority.queueDeclare(uniqueName("defaulted-priority"), true, false, false,
                            Map.of("x-max-priority", 5)));
            assertTrue(close.getReplyText().endsWith("of queue type rabbit_quorum_queue"), close.getReplyText());

            // not compatible with quorum: stay classic (they would be refused as quorum queues)
            Channel channel = connection.createChannel();
            channel.queueDeclare(uniqueName("transient"), false, false, false, null);
            channel.queueDeclare("", false, true, true, null);
            channel.queueDeclare(uniqueName("auto-delete"), true, false, true, Map.of("x-max-priority", 5));
        } finally {
            broker.broker().vhosts().delete(vhost);
        }
    }

    @Test
    void aDeclareNamingATypeIgnoresTheVhostDefault() throws Exception {
        String vhost = uniqueName("qq-default-explicit");
        broker.broker().vhosts().create(vhost, new VhostMetadata("", List.of(), "quorum"));
        broker.broker().users().setPermissions("guest", vhost, Permissions.FULL);
        try {
            ConnectionFactory factory = broker.connectionFactory();
            factory.setVirtualHost(vhost);
            Channel channel = broker.newConnection(factory).createChannel();
            String queue = uniqueName("explicit-classic");
            channel.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "classic", "x-max-priority", 5));
            channel.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "classic", "x-max-priority", 5));
        } catch (IOException e) {
            throw new AssertionError("an explicit classic queue was refused", e);
        } finally {
            broker.broker().vhosts().delete(vhost);
        }
    }
}
