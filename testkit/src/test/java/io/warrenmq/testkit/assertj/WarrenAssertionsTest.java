package io.warrenmq.testkit.assertj;

import static io.warrenmq.testkit.assertj.WarrenAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.warrenmq.testkit.Topology;
import io.warrenmq.testkit.WarrenBroker;
import io.warrenmq.testkit.WarrenExtension;
import io.warrenmq.testkit.journal.DeliveredMessage;
import io.warrenmq.testkit.journal.PublishedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each assertion of {@link WarrenAssertions} passing, and failing with a message that says what is there. */
class WarrenAssertionsTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @RegisterExtension
    static WarrenExtension warren = WarrenExtension.withTopology(Topology.builder()
            .exchange("orders", "topic")
            .queue("audit")
            .queue("billing")
            .bind("orders", "audit", "order.*")
            .bind("orders", "billing", "order.created")
            .build());

    private static PublishedMessage publishOrder(Channel ch, WarrenBroker broker) throws Exception {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json")
                .correlationId("c-1").messageId("m-1").deliveryMode(2).headers(Map.of("tenant", "acme", "n", 42))
                .build();
        ch.basicPublish("orders", "order.created", props, "{\"id\":1}".getBytes(StandardCharsets.UTF_8));
        return broker.journal().awaitPublished("orders", "order.created", WAIT);
    }

    // ---- a published message ------------------------------------------------------------------

    @Test
    void aPublishedMessagePassesWhatItIs(Channel ch, WarrenBroker broker) throws Exception {
        assertThat(publishOrder(ch, broker)).wasPublishedTo("orders").hasRoutingKey("order.created")
                .hasHeader("tenant").hasHeader("tenant", "acme").hasHeader("n", 42)
                .hasContentType("application/json").hasCorrelationId("c-1").hasMessageId("m-1")
                .hasProperty("delivery_mode", 2).hasProperty("reply_to", null)
                .hasBodyText("{\"id\":1}").hasBodyContaining("\"id\"").hasBody("{\"id\":1}".getBytes(StandardCharsets.UTF_8))
                .wasRouted().reachedQueues("billing", "audit").reachedQueue("audit");
    }

    @Test
    void aPublishedMessageFailsWithItsActualFields(Channel ch, WarrenBroker broker) throws Exception {
        PublishedMessage m = publishOrder(ch, broker);
        assertThatThrownBy(() -> assertThat(m).hasRoutingKey("order.paid"))
                .hasMessageContaining("expected routing key 'order.paid', but it had 'order.created'")
                .hasMessageContaining("the message: message to exchange 'orders'");
        assertThatThrownBy(() -> assertThat(m).wasPublishedTo("payments"))
                .hasMessageContaining("went to 'orders'");
        assertThatThrownBy(() -> assertThat(m).hasHeader("tenant", "globex"))
                .hasMessageContaining("header 'tenant' = 'globex', but it was 'acme'");
        assertThatThrownBy(() -> assertThat(m).hasHeader("n", 42L))
                .hasMessageContaining("header 'n' = 42 (Long), but it was 42 (Integer)");
        assertThatThrownBy(() -> assertThat(m).hasHeader("region"))
                .hasMessageContaining("expected header 'region', but it had headers {");
        assertThatThrownBy(() -> assertThat(m).hasContentType("text/plain"))
                .hasMessageContaining("property content_type = 'text/plain', but it was 'application/json'");
        assertThatThrownBy(() -> assertThat(m).hasProperty("reply_to", "q"))
                .hasMessageContaining("property reply_to = 'q', but it was null");
        assertThatThrownBy(() -> assertThat(m).hasProperty("colour", "red"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("content_type");
        assertThatThrownBy(() -> assertThat(m).hasBodyText("{\"id\":2}"))
                .hasMessageContaining("body '{\"id\":2}', but it was '{\"id\":1}'");
        assertThatThrownBy(() -> assertThat(m).hasBody(new byte[] {1, 2}))
                .hasMessageContaining("a body of 2 bytes [1, 2], but it had 8 bytes");
        assertThatThrownBy(() -> assertThat(m).reachedQueues("audit"))
                .hasMessageContaining("expected it to reach queues [audit], but it reached [");
        assertThatThrownBy(() -> assertThat(m).reachedQueue("shipping"))
                .hasMessageContaining("reach queue 'shipping'");
        assertThatThrownBy(() -> assertThat(m).wasReturned())
                .hasMessageContaining("expected it to be returned (mandatory, unroutable), but it reached [");
        assertThatThrownBy(() -> assertThat(m).wasDropped()).hasMessageContaining("to be dropped");
    }

    @Test
    void returnedAndDroppedPublishesAreTold(Channel ch, WarrenBroker broker) throws Exception {
        ch.basicPublish("orders", "nobody.listens", true, null, "r".getBytes(StandardCharsets.UTF_8));
        ch.basicPublish("orders", "nobody.either", false, null, "d".getBytes(StandardCharsets.UTF_8));
        PublishedMessage returned = broker.journal().awaitPublished("orders", "nobody.listens", WAIT);
        PublishedMessage dropped = broker.journal().awaitPublished("orders", "nobody.either", WAIT);
        assertThat(returned).wasReturned();
        assertThat(dropped).wasDropped();
        assertThatThrownBy(() -> assertThat(dropped).wasRouted())
                .hasMessageContaining("expected it to be routed to a queue, but it was dropped (unroutable)");
        assertThatThrownBy(() -> assertThat(broker.journal()).hasNothingUnroutable())
                .hasMessageContaining("but 2 did not").hasMessageContaining("nobody.listens");
    }

    // ---- a delivery ---------------------------------------------------------------------------

    @Test
    void aDeliveryPassesAndFailsOnWhoGotItAndHowItWasSettled(Channel ch, WarrenBroker broker) throws Exception {
        publishOrder(ch, broker);
        broker.awaitQueueDepth("audit", 1, WAIT);
        java.util.concurrent.CompletableFuture<Long> tag = new java.util.concurrent.CompletableFuture<>();
        ch.basicConsume("audit", false, "auditor", (t, d) -> tag.complete(d.getEnvelope().getDeliveryTag()), t -> { });
        long deliveryTag = tag.get(5, java.util.concurrent.TimeUnit.SECONDS);
        DeliveredMessage unacked = broker.journal().delivered("audit").get(0);
        assertThat(unacked).wasDeliveredTo("auditor").isUnacknowledged().message().hasRoutingKey("order.created");
        assertThatThrownBy(() -> assertThat(unacked).wasAcked())
                .hasMessageContaining("expected it to be acknowledged, but it is unacknowledged")
                .hasMessageContaining("the delivery: delivery of message to exchange 'orders'");
        assertThatThrownBy(() -> assertThat(unacked).wasDeliveredTo("billing-app"))
                .hasMessageContaining("went to 'auditor'");
        assertThatThrownBy(() -> assertThat(unacked).wasTakenByGet()).hasMessageContaining("went to consumer 'auditor'");
        assertThatThrownBy(() -> assertThat(unacked).wasRedelivered()).hasMessageContaining("was a first delivery");
        ch.basicReject(deliveryTag, false);
        broker.awaitQueueDepth("audit", 0, WAIT);
        DeliveredMessage rejected = awaitSettled(broker);
        assertThat(rejected).wasRejected();
        assertThatThrownBy(() -> assertThat(rejected).wasRequeued())
                .hasMessageContaining("expected it to be requeued, but it was rejected");
    }

    private static DeliveredMessage awaitSettled(WarrenBroker broker) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            DeliveredMessage d = broker.journal().delivered("audit").get(0);
            if (d.settlement() != null) {
                return d;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the reject never reached the journal: " + broker.journal().delivered("audit"));
    }

    // ---- the journal ----------------------------------------------------------------------------

    @Test
    void theJournalFindsAPublishAndHandsItOn(Channel ch, WarrenBroker broker) throws Exception {
        publishOrder(ch, broker);
        assertThat(broker.journal()).hasNothingUnroutable()
                .hasPublished("orders", "order.created").hasHeader("tenant", "acme").reachedQueue("billing");
        assertThat(broker.journal()).hasPublishedTo("orders").hasBodyText("{\"id\":1}");
        assertThat(broker.journal()).hasPublished("orders", m -> m.text().contains("id"), "with an id")
                .hasRoutingKey("order.created");
    }

    @Test
    void aMissingPublishListsTheNearMisses(Channel ch, WarrenBroker broker) throws Exception {
        publishOrder(ch, broker);
        ch.basicPublish("amq.topic", "order.paid", null, "p".getBytes(StandardCharsets.UTF_8));
        broker.journal().awaitPublished("amq.topic", "order.paid", WAIT);
        assertThatThrownBy(() -> assertThat(broker.journal()).hasPublished("orders", "order.paid"))
                .hasMessageContaining("expected a message published to exchange 'orders' in vhost '/' with routing "
                        + "key 'order.paid', but none was")
                .hasMessageContaining("published to 'orders' (1): [message to exchange 'orders' with routing key "
                        + "'order.created'")
                .hasMessageContaining("routing key 'order.paid' on other exchanges (1): [message to exchange "
                        + "'amq.topic'")
                .hasMessageNotContaining("within");
        assertThatThrownBy(() -> assertThat(broker.journal()).inVhost("tenant").hasPublishedTo("orders"))
                .hasMessageContaining("in vhost 'tenant'");
    }

    // ---- a queue ------------------------------------------------------------------------------

    @Test
    void aQueuePassesItsDepthAndConsumers(Channel ch, WarrenBroker broker) throws Exception {
        publishOrder(ch, broker);
        broker.awaitQueueDepth("audit", 1, WAIT);
        ch.basicConsume("billing", true, (tag, d) -> { }, tag -> { });
        broker.awaitConsumers("billing", 1, WAIT);
        assertThat(broker).queue("audit").exists().hasDepth(1).hasConsumers(0).hasReceived(1);
        assertThat(broker).queue("billing").hasConsumers(1);
        assertThat(broker).queue("/", "nothing-here").doesNotExist();
    }

    @Test
    void aQueueFailsWithWhatItHasAndWhatTheJournalSaw(Channel ch, WarrenBroker broker) throws Exception {
        publishOrder(ch, broker);
        broker.awaitQueueDepth("audit", 1, WAIT);
        assertThatThrownBy(() -> assertThat(broker).queue("audit").hasDepth(2))
                .hasMessageContaining("expected queue 'audit' in vhost '/' to have 2 ready messages, but it has 1")
                .hasMessageContaining("the journal: queue 'audit' received 1 message")
                .hasMessageContaining("routing key 'order.created'");
        assertThatThrownBy(() -> assertThat(broker).queue("audit").isEmpty()).hasMessageContaining("but it has 1");
        assertThatThrownBy(() -> assertThat(broker).queue("audit").hasConsumers(1))
                .hasMessageContaining("to have 1 consumers, but it has 0");
        assertThatThrownBy(() -> assertThat(broker).queue("audit").hasReceived(3))
                .hasMessageContaining("to have received 3 messages, but it received 1");
        assertThatThrownBy(() -> assertThat(broker).queue("audit").doesNotExist())
                .hasMessageContaining("not to exist, but it does, with 1 ready messages and 0 consumers");
        assertThatThrownBy(() -> assertThat(broker).queue("missing").exists())
                .hasMessageContaining("expected queue 'missing' in vhost '/' to exist, but there is no such queue");
        assertThatThrownBy(() -> assertThat(broker).queue("missing").hasDepth(0))
                .hasMessageContaining("there is no such queue");
        assertThatThrownBy(() -> assertThat(broker).queue("audit").hasDepth(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
