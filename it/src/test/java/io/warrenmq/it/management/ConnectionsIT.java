package io.warrenmq.it.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import io.warrenmq.auth.Permissions;
import io.warrenmq.auth.User;
import io.warrenmq.it.Await;
import io.warrenmq.it.CollectingConsumer;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.management.ManagementOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connections, channels and consumers over the management API, driven by the RabbitMQ Java
 * client: what each lists (A.3's fields), who sees what, and DELETE closing a connection with
 * 320 and the X-Reason given.
 */
class ConnectionsIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagement(ManagementOptions.ephemeral()));

    static ManagementHttp admin;
    static ManagementHttp mgmt;

    @BeforeAll
    static void users() {
        broker.broker().users().putUser(User.withPassword("mgmt", "mgmt-secret", List.of("management")));
        broker.broker().users().setPermissions("mgmt", "/", Permissions.FULL);
        admin = ManagementHttp.at(broker.broker().managementPort(), "guest", "guest");
        mgmt = admin.as("mgmt", "mgmt-secret");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The listed connection whose client named itself {@code clientName}, or null. */
    private static JsonNode listed(ManagementHttp as, String path, String clientName) {
        ManagementHttp.Reply r = as.get(path);
        assertEquals(200, r.status(), r::toString);
        for (JsonNode n : r.json()) {
            if (clientName.equals(n.path("client_properties").path("connection_name").asText())) {
                return n;
            }
        }
        return null;
    }

    private static JsonNode awaitListed(String clientName) {
        JsonNode[] found = new JsonNode[1];
        Await.until(clientName + " is listed", () -> (found[0] = listed(admin, "/api/connections", clientName)) != null);
        return found[0];
    }

    @Test
    void aClientConnectionIsListedWithWhatItNegotiated() throws Exception {
        ConnectionFactory f = broker.connectionFactory();
        f.setRequestedHeartbeat(30);
        Connection c = f.newConnection("orders-service");
        try {
            c.createChannel();
            c.createChannel();
            Channel ch = c.createChannel();
            ch.basicPublish("", "nowhere", null, new byte[1000]);
            JsonNode n = awaitListed("orders-service");
            int localPort = ((com.rabbitmq.client.impl.NetworkConnection) c).getLocalPort();
            assertEquals("guest", n.get("user").asText());
            assertEquals("/", n.get("vhost").asText());
            assertEquals("AMQP 0-9-1", n.get("protocol").asText());
            assertEquals("network", n.get("type").asText());
            assertEquals("running", n.get("state").asText());
            assertEquals("PLAIN", n.get("auth_mechanism").asText());
            assertEquals(30, n.get("timeout").asInt());
            assertEquals(broker.port(), n.get("port").asInt());
            assertEquals(localPort, n.get("peer_port").asInt());
            assertEquals("127.0.0.1", n.get("peer_host").asText());
            assertEquals("127.0.0.1:" + localPort + " -> 127.0.0.1:" + broker.port(), n.get("name").asText());
            assertEquals(c.getChannelMax(), n.get("channel_max").asInt());
            assertEquals(c.getFrameMax(), n.get("frame_max").asInt());
            assertFalse(n.get("ssl").asBoolean());
            assertTrue(n.has("ssl_protocol") && n.get("ssl_protocol").isNull(), n::toString);
            assertEquals("RabbitMQ", n.get("client_properties").get("product").asText());
            assertTrue(n.get("client_properties").get("capabilities").get("publisher_confirms").asBoolean());
            assertTrue(n.get("connected_at").asLong() > 0);
            assertTrue(n.get("recv_oct_details").get("rate").isNumber(), n::toString);
            Await.until("the channels and the traffic are published", () -> {
                JsonNode now = listed(admin, "/api/connections", "orders-service");
                return now.get("channels").asInt() == 3 && now.get("recv_oct").asLong() > 1000
                        && now.get("send_oct").asLong() > 0 && now.get("recv_cnt").asLong() > 0;
            });

            String name = n.get("name").asText();
            ManagementHttp.Reply one = admin.get("/api/connections/" + enc(name));
            assertEquals(200, one.status(), one::toString);
            assertEquals(name, one.json().get("name").asText());
            assertNotNull(listed(admin, "/api/vhosts/%2F/connections", "orders-service"));
            assertEquals(404, admin.get("/api/vhosts/no-such-vhost/connections").status());

            // the HTTP request's own direct session is no client connection: never listed
            assertEquals(201, admin.put("/api/queues/%2F/declared-over-http", "{}").status());
            for (JsonNode other : admin.get("/api/connections").json()) {
                assertEquals("network", other.get("type").asText());
                assertFalse(other.get("name").asText().contains("local"), other::toString);
            }
            c.close();
            Await.until("the closed connection is gone", () -> admin.get("/api/connections/" + enc(name)).status() == 404);
        } finally {
            c.abort();
        }
    }

    @Test
    void channelsShowTheirModesCountsAndConsumers() throws Exception {
        try (Connection c = broker.connectionFactory().newConnection("channel-test")) {
            Channel publisher = c.createChannel();
            publisher.queueDeclare("work", false, false, false, null);
            publisher.confirmSelect();
            for (int i = 0; i < 3; i++) {
                publisher.basicPublish("", "work", null, ("m" + i).getBytes());
            }
            publisher.basicPublish("", "work-nowhere", true, null, new byte[0]);
            assertTrue(publisher.waitForConfirms(10_000));

            Channel worker = c.createChannel();
            worker.basicQos(5);
            CollectingConsumer consumer = new CollectingConsumer(worker);
            String tag = worker.basicConsume("work", false, "worker-1", false, false, Map.of("x-priority", 3), consumer);
            List<CollectingConsumer.Delivery> got = consumer.awaitDeliveries(3);
            worker.basicAck(got.get(0).deliveryTag(), false);

            Channel tx = c.createChannel();
            tx.txSelect();
            tx.basicPublish("", "work", null, new byte[0]);

            String name = awaitListed("channel-test").get("name").asText();
            JsonNode[] chans = new JsonNode[1];
            Await.until("the worker's ack is counted", () -> {
                chans[0] = admin.get("/api/connections/" + enc(name) + "/channels").json();
                return chans[0].size() == 3 && chans[0].get(1).get("message_stats").get("ack").asLong() == 1;
            });
            JsonNode p = chans[0].get(0);
            assertEquals(name + " (1)", p.get("name").asText());
            assertEquals(1, p.get("number").asInt());
            assertEquals(name, p.get("connection_details").get("name").asText());
            assertTrue(p.get("confirm").asBoolean());
            assertFalse(p.get("transactional").asBoolean());
            assertEquals(0, p.get("messages_unconfirmed").asInt());
            assertEquals(4, p.get("message_stats").get("publish").asLong());
            assertEquals(4, p.get("message_stats").get("confirm").asLong());
            assertEquals(1, p.get("message_stats").get("return_unroutable").asLong());
            assertEquals("running", p.get("state").asText());

            JsonNode w = chans[0].get(1);
            assertEquals(5, w.get("prefetch_count").asInt());
            assertEquals(1, w.get("consumer_count").asInt());
            assertEquals(2, w.get("messages_unacknowledged").asInt());
            assertEquals(3, w.get("message_stats").get("deliver").asLong());
            assertEquals(3, w.get("message_stats").get("deliver_get").asLong());

            Await.until("the queue counts the worker's two unacked deliveries", () -> {
                JsonNode q = admin.get("/api/queues/%2F/work").json();
                return q.get("messages_unacknowledged").asInt() == 2 && q.get("messages").asInt() == 2
                        && q.get("messages_ready").asInt() == 0 && q.get("message_bytes_unacknowledged").asInt() == 4
                        && q.get("message_bytes").asInt() == 4;
            });

            JsonNode t = chans[0].get(2);
            assertTrue(t.get("transactional").asBoolean());
            assertEquals(1, t.get("messages_uncommitted").asInt());

            ManagementHttp.Reply one = admin.get("/api/channels/" + enc(name + " (2)"));
            assertEquals(200, one.status(), one::toString);
            JsonNode details = one.json().get("consumer_details");
            assertEquals(1, details.size(), one::toString);
            assertEquals(tag, details.get(0).get("consumer_tag").asText());
            assertEquals("work", details.get(0).get("queue").get("name").asText());

            JsonNode consumers = admin.get("/api/consumers/%2F").json();
            JsonNode mine = null;
            for (JsonNode n : consumers) {
                if (n.get("consumer_tag").asText().equals("worker-1")) {
                    mine = n;
                }
            }
            assertNotNull(mine, consumers::toString);
            assertTrue(mine.get("ack_required").asBoolean());
            assertEquals(5, mine.get("prefetch_count").asInt());
            assertEquals(3, mine.get("arguments").get("x-priority").asInt());
            assertEquals("up", mine.get("activity_status").asText());
            assertEquals(name + " (2)", mine.get("channel_details").get("name").asText());

            JsonNode totals = admin.get("/api/overview").json().get("object_totals");
            assertTrue(totals.get("connections").asInt() >= 1 && totals.get("channels").asInt() >= 3
                    && totals.get("consumers").asInt() >= 1, totals::toString);
            tx.txRollback();
            worker.close(); // requeues the two: none unacked any more
            Await.until("the requeued deliveries are no longer unacked", () -> {
                JsonNode q = admin.get("/api/queues/%2F/work").json();
                return q.get("messages_unacknowledged").asInt() == 0 && q.get("messages_ready").asInt() == 2
                        && q.get("message_bytes_unacknowledged").asInt() == 0
                        && q.get("message_bytes_ready").asInt() == 4; // "m1" and "m2"
            });
        }
    }

    @Test
    void aSingleActiveConsumerQueueShowsWhoIsActiveAndWhoWaits() throws Exception {
        try (Connection c = broker.connectionFactory().newConnection("sac-test")) {
            Channel ch = c.createChannel();
            ch.queueDeclare("sac", false, false, true, Map.of("x-single-active-consumer", true));
            ch.basicConsume("sac", true, "first", new CollectingConsumer(ch));
            ch.basicConsume("sac", true, "second", new CollectingConsumer(ch));
            Await.until("both consumers listed", () -> admin.get("/api/consumers/%2F").json().size() >= 2);
            String first = null;
            String second = null;
            for (JsonNode n : admin.get("/api/consumers/%2F").json()) {
                if (n.get("consumer_tag").asText().equals("first")) {
                    first = n.get("activity_status").asText();
                } else if (n.get("consumer_tag").asText().equals("second")) {
                    second = n.get("activity_status").asText();
                }
            }
            assertEquals("single_active", first);
            assertEquals("waiting", second);
        }
    }

    @Test
    void deleteClosesTheConnectionWith320AndTheReasonGiven() throws Exception {
        Connection c = broker.connectionFactory().newConnection("to-be-closed");
        try {
            CompletableFuture<ShutdownSignalException> closed = new CompletableFuture<>();
            c.addShutdownListener(closed::complete);
            String name = awaitListed("to-be-closed").get("name").asText();
            ManagementHttp.Reply r = admin.send("DELETE", "/api/connections/" + enc(name), null,
                    Map.of("X-Reason", "maintenance window"));
            assertEquals(204, r.status(), r::toString);
            ShutdownSignalException why = closed.get(10, TimeUnit.SECONDS);
            assertTrue(why.getMessage().contains("CONNECTION_FORCED - maintenance window"), why::getMessage);
            assertFalse(why.isInitiatedByApplication());
        } finally {
            c.abort();
        }
        assertEquals(404, admin.delete("/api/connections/" + enc("127.0.0.1:1 -> 127.0.0.1:2")).status());
    }

    @Test
    void aManagementUserSeesAndClosesOnlyItsOwnConnections() throws Exception {
        ConnectionFactory asMgmt = broker.connectionFactory();
        asMgmt.setUsername("mgmt");
        asMgmt.setPassword("mgmt-secret");
        Connection own = asMgmt.newConnection("mgmt-own");
        Connection others = broker.connectionFactory().newConnection("guest-other");
        try {
            String othersName = awaitListed("guest-other").get("name").asText();
            String ownName = awaitListed("mgmt-own").get("name").asText();
            assertNotNull(listed(mgmt, "/api/connections", "mgmt-own"));
            assertNull(listed(mgmt, "/api/connections", "guest-other"), "another user's connection is hidden");
            ManagementHttp.Reply peek = mgmt.get("/api/connections/" + enc(othersName));
            assertEquals(401, peek.status(), peek::toString);
            assertEquals("not_authorised", peek.json().get("error").asText());
            ManagementHttp.Reply close = mgmt.delete("/api/connections/" + enc(othersName));
            assertEquals(401, close.status(), close::toString);
            assertTrue(others.isOpen(), "the refused DELETE closed nothing");
            assertEquals(200, mgmt.get("/api/connections/" + enc(ownName)).status());
            ManagementHttp.Reply anonymous = admin.anonymous().get("/api/connections");
            assertEquals(401, anonymous.status());
            CompletableFuture<ShutdownSignalException> closed = new CompletableFuture<>();
            own.addShutdownListener(closed::complete);
            assertEquals(204, mgmt.delete("/api/connections/" + enc(ownName)).status());
            assertTrue(closed.get(10, TimeUnit.SECONDS).getMessage().contains("Closed via management plugin"));
        } finally {
            own.abort();
            others.abort();
        }
    }
}
