package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectChannelError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.warrenmq.auth.Permissions;
import io.warrenmq.auth.TopicPermission;
import io.warrenmq.auth.User;
import io.warrenmq.auth.UserDatabase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The permission matrix of RabbitMQ's access-control guide, row by row, through the Java client:
 * each operation once allowed and once refused (403 ACCESS_REFUSED with RabbitMQ's text), and after
 * a refusal the broker's state is checked from an administrator's channel to be unchanged.
 *
 * <p>The user {@code pat} may configure names starting {@code ok-} or {@code cfg-} (and server-named
 * {@code amq.gen-} queues), write to {@code ok-} and {@code cfg-} names and the default exchange, and
 * read {@code ok-} names; {@code no-} names are refused everything.
 */
class PermissionsIT {
    private static final String USER = "pat";
    private static final Permissions PAT = Permissions.of("^(ok-|cfg-|amq\\.gen-)", "^(ok-|cfg-|amq\\.default$)",
            "^ok-");

    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    private Channel admin;
    private Channel pat;

    private UserDatabase users() {
        return broker.broker().users();
    }

    @BeforeEach
    void setUp() throws Exception {
        users().putUser(User.withPassword(USER, "pat-secret", List.of()));
        users().setPermissions(USER, "/", PAT);
        admin = broker.newChannel();
        admin.confirmSelect();
        pat = patChannel();
    }

    @AfterEach
    void removeUser() {
        users().deleteUser(USER);
    }

    private Channel patChannel() throws Exception {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setUsername(USER);
        factory.setPassword("pat-secret");
        return broker.newConnection(factory).createChannel();
    }

    private static String name(String prefix) {
        return EmbeddedBroker.uniqueName(prefix);
    }

    private static String refusal(String access, String kind, String name) {
        return "ACCESS_REFUSED - " + access + " access to " + kind + " '" + name + "' in vhost '/' refused for user '"
                + USER + "'";
    }

    private static void assertRefused(AMQP.Channel.Close close, String access, String kind, String name) {
        assertEquals(refusal(access, kind, name), close.getReplyText());
    }

    private boolean queueExists(String queue) throws Exception {
        Channel probe = broker.newChannel();
        try {
            probe.queueDeclarePassive(queue);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private boolean exchangeExists(String exchange) throws Exception {
        Channel probe = broker.newChannel();
        try {
            probe.exchangeDeclarePassive(exchange);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Publishes from the administrator and waits until the broker has routed it. */
    private void adminPublish(String exchange, String key, String body) throws Exception {
        admin.basicPublish(exchange, key, null, body.getBytes(StandardCharsets.UTF_8));
        admin.waitForConfirmsOrDie(10_000);
    }

    private String adminGet(String queue) throws Exception {
        GetResponse r = admin.basicGet(queue, true);
        return r == null ? null : new String(r.getBody(), StandardCharsets.UTF_8);
    }

    // ---- queue.declare, queue.delete: configure on the queue ------------------------------

    @Test
    void queueDeclareNeedsConfigure() throws Exception {
        String ok = name("ok");
        pat.queueDeclare(ok, false, false, true, null);
        assertTrue(queueExists(ok));

        String no = name("no");
        assertRefused(expectChannelError(403, () -> pat.queueDeclare(no, false, false, true, null)),
                "configure", "queue", no);
        assertTrue(!queueExists(no), "a refused declare creates nothing");
    }

    @Test
    void serverNamedQueuesAreCheckedAsConfigureOnTheirName() throws Exception {
        String generated = pat.queueDeclare().getQueue();
        assertTrue(generated.startsWith("amq.gen-"));

        users().setPermissions(USER, "/", Permissions.of("^ok-", ".*", ".*"));
        AMQP.Channel.Close close = expectChannelError(403, () -> pat.queueDeclare());
        assertTrue(close.getReplyText().startsWith("ACCESS_REFUSED - configure access to queue 'amq.gen-"),
                close.getReplyText());
    }

    @Test
    void passiveDeclaresNeedNoPermissionOnTheObject() throws Exception {
        String q = name("no");
        String x = name("no");
        admin.queueDeclare(q, false, false, true, null);
        admin.exchangeDeclare(x, BuiltinExchangeType.FANOUT, false, true, null);
        assertEquals(0, pat.queueDeclarePassive(q).getMessageCount());
        pat.exchangeDeclarePassive(x);
    }

    @Test
    void queueDeclareWithADeadLetterExchangeNeedsWriteOnItAndReadOnTheQueue() throws Exception {
        String dlx = name("ok");
        admin.exchangeDeclare(dlx, BuiltinExchangeType.FANOUT, false, true, null);
        String ok = name("ok");
        pat.queueDeclare(ok, false, false, true, Map.of("x-dead-letter-exchange", dlx));
        assertTrue(queueExists(ok));

        String noWrite = name("ok");
        String forbiddenDlx = name("no");
        assertRefused(expectChannelError(403, () -> patChannel().queueDeclare(noWrite, false, false, true,
                Map.of("x-dead-letter-exchange", forbiddenDlx))), "write", "exchange", forbiddenDlx);
        assertTrue(!queueExists(noWrite));

        String noRead = name("cfg"); // configure but no read
        assertRefused(expectChannelError(403, () -> patChannel().queueDeclare(noRead, false, false, true,
                Map.of("x-dead-letter-exchange", dlx))), "read", "queue", noRead);
        assertTrue(!queueExists(noRead));
    }

    @Test
    void queueDeleteNeedsConfigure() throws Exception {
        String ok = name("ok");
        admin.queueDeclare(ok, false, false, false, null);
        pat.queueDelete(ok);
        assertTrue(!queueExists(ok));

        String no = name("no");
        admin.queueDeclare(no, false, false, false, null);
        assertRefused(expectChannelError(403, () -> pat.queueDelete(no)), "configure", "queue", no);
        assertTrue(queueExists(no), "a refused delete deletes nothing");
        admin.queueDelete(no);
    }

    // ---- exchange.declare, exchange.delete -------------------------------------------------

    @Test
    void exchangeDeclareNeedsConfigure() throws Exception {
        String ok = name("ok");
        pat.exchangeDeclare(ok, BuiltinExchangeType.DIRECT, false, true, null);
        assertTrue(exchangeExists(ok));

        String no = name("no");
        assertRefused(expectChannelError(403, () -> pat.exchangeDeclare(no, BuiltinExchangeType.DIRECT)),
                "configure", "exchange", no);
        assertTrue(!exchangeExists(no));
    }

    @Test
    void exchangeDeclareWithAnAlternateExchangeNeedsWriteOnItAndReadOnTheExchange() throws Exception {
        String ae = name("ok");
        admin.exchangeDeclare(ae, BuiltinExchangeType.FANOUT, false, true, null);
        String ok = name("ok");
        pat.exchangeDeclare(ok, BuiltinExchangeType.DIRECT, false, true, Map.of("alternate-exchange", ae));

        String noWrite = name("ok");
        String forbiddenAe = name("no");
        assertRefused(expectChannelError(403, () -> patChannel().exchangeDeclare(noWrite, BuiltinExchangeType.DIRECT,
                false, true, Map.of("alternate-exchange", forbiddenAe))), "write", "exchange", forbiddenAe);
        assertTrue(!exchangeExists(noWrite));

        String noRead = name("cfg");
        assertRefused(expectChannelError(403, () -> patChannel().exchangeDeclare(noRead, BuiltinExchangeType.DIRECT,
                false, true, Map.of("alternate-exchange", ae))), "read", "exchange", noRead);
        assertTrue(!exchangeExists(noRead));
    }

    @Test
    void exchangeDeleteNeedsConfigure() throws Exception {
        String ok = name("ok");
        admin.exchangeDeclare(ok, BuiltinExchangeType.DIRECT);
        pat.exchangeDelete(ok);
        assertTrue(!exchangeExists(ok));

        String no = name("no");
        admin.exchangeDeclare(no, BuiltinExchangeType.DIRECT);
        assertRefused(expectChannelError(403, () -> pat.exchangeDelete(no)), "configure", "exchange", no);
        assertTrue(exchangeExists(no));
        admin.exchangeDelete(no);
    }

    // ---- bindings: write on the destination, read on the source ---------------------------

    @Test
    void queueBindNeedsWriteOnTheQueueAndReadOnTheExchange() throws Exception {
        String x = name("ok");
        admin.exchangeDeclare(x, BuiltinExchangeType.DIRECT, false, true, null);
        String q = name("ok");
        admin.queueDeclare(q, false, false, true, null);
        pat.queueBind(q, x, "k");
        adminPublish(x, "k", "bound");
        assertEquals("bound", adminGet(q));

        String noWrite = name("no");
        admin.queueDeclare(noWrite, false, false, true, null);
        assertRefused(expectChannelError(403, () -> patChannel().queueBind(noWrite, x, "k")), "write", "queue", noWrite);
        String noRead = name("cfg");
        admin.exchangeDeclare(noRead, BuiltinExchangeType.DIRECT, false, true, null);
        String q2 = name("ok");
        admin.queueDeclare(q2, false, false, true, null);
        assertRefused(expectChannelError(403, () -> patChannel().queueBind(q2, noRead, "k")), "read", "exchange",
                noRead);

        adminPublish(x, "k", "after");
        adminPublish(noRead, "k", "after");
        assertNull(adminGet(noWrite), "the refused binding was not made");
        assertNull(adminGet(q2), "the refused binding was not made");
    }

    @Test
    void queueUnbindNeedsTheSamePermissionsAsBind() throws Exception {
        String x = name("ok");
        admin.exchangeDeclare(x, BuiltinExchangeType.DIRECT, false, true, null);
        String q = name("no");
        admin.queueDeclare(q, false, false, true, null);
        admin.queueBind(q, x, "k");
        assertRefused(expectChannelError(403, () -> pat.queueUnbind(q, x, "k")), "write", "queue", q);
        adminPublish(x, "k", "still bound");
        assertEquals("still bound", adminGet(q));

        String ok = name("ok");
        admin.queueDeclare(ok, false, false, true, null);
        admin.queueBind(ok, x, "k");
        patChannel().queueUnbind(ok, x, "k");
        adminPublish(x, "k", "unbound");
        assertNull(adminGet(ok));
    }

    @Test
    void exchangeBindNeedsWriteOnTheDestinationAndReadOnTheSource() throws Exception {
        String source = name("ok");
        String destination = name("ok");
        String q = name("ok");
        admin.exchangeDeclare(source, BuiltinExchangeType.FANOUT, false, false, null); // not auto-delete: it loses its last binding below
        admin.exchangeDeclare(destination, BuiltinExchangeType.FANOUT, false, true, null);
        admin.queueDeclare(q, false, false, true, null);
        admin.queueBind(q, destination, "");
        pat.exchangeBind(destination, source, "");
        adminPublish(source, "", "through");
        assertEquals("through", adminGet(q));

        String noWrite = name("no");
        admin.exchangeDeclare(noWrite, BuiltinExchangeType.FANOUT, false, true, null);
        assertRefused(expectChannelError(403, () -> patChannel().exchangeBind(noWrite, source, "")), "write",
                "exchange", noWrite);
        String noRead = name("cfg");
        admin.exchangeDeclare(noRead, BuiltinExchangeType.FANOUT, false, true, null);
        assertRefused(expectChannelError(403, () -> patChannel().exchangeBind(destination, noRead, "")), "read",
                "exchange", noRead);
        adminPublish(noRead, "", "not through");
        assertNull(adminGet(q), "the refused exchange binding was not made");

        assertRefused(expectChannelError(403, () -> patChannel().exchangeUnbind(destination, noRead, "")), "read",
                "exchange", noRead);
        pat.exchangeUnbind(destination, source, "");
        adminPublish(source, "", "unbound");
        assertNull(adminGet(q));
    }

    // ---- basic.publish: write on the exchange ---------------------------------------------

    @Test
    void publishNeedsWriteOnTheExchange() throws Exception {
        String x = name("ok");
        String q = name("ok");
        admin.exchangeDeclare(x, BuiltinExchangeType.FANOUT, false, true, null);
        admin.queueDeclare(q, false, false, true, null);
        admin.queueBind(q, x, "");
        pat.confirmSelect();
        pat.basicPublish(x, "", null, "allowed".getBytes(StandardCharsets.UTF_8));
        pat.waitForConfirmsOrDie(10_000);
        assertEquals("allowed", adminGet(q));

        String no = name("no");
        admin.exchangeDeclare(no, BuiltinExchangeType.FANOUT, false, true, null);
        admin.queueBind(q, no, "");
        Channel refused = patChannel();
        assertRefused(expectChannelError(403, refused,
                () -> refused.basicPublish(no, "", null, "refused".getBytes(StandardCharsets.UTF_8))),
                "write", "exchange", no);
        adminPublish(x, "", "marker");
        assertEquals("marker", adminGet(q), "the refused message was not routed");
    }

    /** RabbitMQ checks the permission before looking the exchange up: 403, not 404. */
    @Test
    void publishToAMissingExchangeWithoutWriteIsRefusedNotNotFound() throws Exception {
        String missing = name("no");
        assertRefused(expectChannelError(403, pat, () -> pat.basicPublish(missing, "", null, new byte[0])),
                "write", "exchange", missing);
    }

    @Test
    void theDefaultExchangeIsCheckedAsAmqDefault() throws Exception {
        String q = name("no"); // the queue's own permissions do not matter for publishing
        admin.queueDeclare(q, false, false, true, null);
        pat.confirmSelect();
        pat.basicPublish("", q, null, "via default".getBytes(StandardCharsets.UTF_8));
        pat.waitForConfirmsOrDie(10_000);
        assertEquals("via default", adminGet(q));

        users().setPermissions(USER, "/", Permissions.of(".*", "^ok-", ".*"));
        assertRefused(expectChannelError(403, pat, () -> pat.basicPublish("", q, null, new byte[0])),
                "write", "exchange", "amq.default");
    }

    // ---- basic.get, basic.consume, queue.purge: read on the queue -------------------------

    @Test
    void getNeedsRead() throws Exception {
        String ok = name("ok");
        admin.queueDeclare(ok, false, false, true, null);
        adminPublish("", ok, "m");
        GetResponse r = pat.basicGet(ok, true);
        assertNotNull(r);

        String no = name("no");
        admin.queueDeclare(no, false, false, true, null);
        adminPublish("", no, "kept");
        assertRefused(expectChannelError(403, () -> pat.basicGet(no, true)), "read", "queue", no);
        assertEquals("kept", adminGet(no), "a refused get takes nothing");
    }

    @Test
    void consumeNeedsRead() throws Exception {
        String ok = name("ok");
        admin.queueDeclare(ok, false, false, true, null);
        CollectingConsumer consumer = new CollectingConsumer(pat);
        pat.basicConsume(ok, true, consumer);
        adminPublish("", ok, "to consumer");
        assertEquals("to consumer", consumer.awaitDeliveries(1).get(0).text());

        String no = name("no");
        admin.queueDeclare(no, false, false, true, null);
        adminPublish("", no, "kept");
        Channel refused = patChannel();
        assertRefused(expectChannelError(403, () -> refused.basicConsume(no, true, new CollectingConsumer(refused))),
                "read", "queue", no);
        assertEquals(0, admin.queueDeclarePassive(no).getConsumerCount());
        assertEquals("kept", adminGet(no));
    }

    @Test
    void purgeNeedsRead() throws Exception {
        String no = name("no");
        admin.queueDeclare(no, false, false, true, null);
        adminPublish("", no, "kept");
        assertRefused(expectChannelError(403, () -> pat.queuePurge(no)), "read", "queue", no);
        assertEquals(1, admin.queueDeclarePassive(no).getMessageCount());

        String ok = name("ok");
        admin.queueDeclare(ok, false, false, true, null);
        adminPublish("", ok, "purged");
        assertEquals(1, patChannel().queuePurge(ok).getMessageCount());
    }

    // ---- changes apply to open channels ---------------------------------------------------

    @Test
    void revokedPermissionsApplyToOpenChannelsAtTheNextOperation() throws Exception {
        String q = name("ok");
        admin.queueDeclare(q, false, false, true, null);
        pat.queueDeclare(name("ok"), false, false, true, null);
        assertNull(pat.basicGet(q, true));

        users().setPermissions(USER, "/", Permissions.of("", "", ""));
        assertRefused(expectChannelError(403, () -> pat.basicGet(q, true)), "read", "queue", q);

        users().setPermissions(USER, "/", PAT);
        assertNull(patChannel().basicGet(q, true), "granted again, allowed again");
    }

    // ---- topic permissions --------------------------------------------------------------

    @Test
    void topicPermissionsCheckRoutingKeysOnPublishAndBind() throws Exception {
        String topic = name("ok");
        admin.exchangeDeclare(topic, BuiltinExchangeType.TOPIC, false, true, null);
        String q = name("ok");
        admin.queueDeclare(q, false, false, true, null);
        users().setTopicPermission(USER, "/", new TopicPermission(topic, "^({username}|public)\\.", "^bindable\\."));

        pat.queueBind(q, topic, "bindable.#");
        assertRefused(expectChannelError(403, () -> patChannel().queueBind(q, topic, "other.#")), "read", "topic",
                "other.#", topic);

        Channel refused = patChannel();
        assertRefused(expectChannelError(403, refused, () -> refused.basicPublish(topic, "bindable.x", null,
                new byte[0])), "write", "topic", "bindable.x", topic);
        admin.queueBind(q, topic, "#");
        Channel allowed = patChannel();
        allowed.confirmSelect();
        allowed.basicPublish(topic, "pat.greeting", null, "yes".getBytes(StandardCharsets.UTF_8));
        allowed.waitForConfirmsOrDie(10_000);
        assertEquals("yes", adminGet(q), "{username} expanded to pat; the refused publishes routed nothing");
    }

    private static void assertRefused(AMQP.Channel.Close close, String access, String kind, String key,
            String exchange) {
        assertEquals("ACCESS_REFUSED - " + access + " access to " + kind + " '" + key + "' in exchange '" + exchange
                + "' in vhost '/' refused for user '" + USER + "'", close.getReplyText());
    }
}
