package io.warrenmq.it.amqp10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.rabbitmq.client.Channel;
import io.warrenmq.amqp10.codec.Attach;
import io.warrenmq.amqp10.codec.Begin;
import io.warrenmq.amqp10.codec.DeliveryState;
import io.warrenmq.amqp10.codec.Disposition;
import io.warrenmq.amqp10.codec.Flow;
import io.warrenmq.amqp10.codec.Open;
import io.warrenmq.amqp10.codec.Performative;
import io.warrenmq.amqp10.codec.Transfer;
import io.warrenmq.amqp10.codec.Types;
import io.warrenmq.it.Await;
import io.warrenmq.it.EmbeddedBroker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Delivery-ids, transfer-ids and delivery-counts are 32-bit serial numbers (spec 2.8.9). Warren
 * starts its own just below 2^32, as RabbitMQ does, so every session crosses the wrap within its
 * first deliveries; here a raw receiver takes six messages whose delivery-ids run from 2^32 - 4
 * through 1 and settles them all with one disposition whose range wraps: all six are acknowledged.
 */
class Amqp10SerialNumbersIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    @Test
    void aDispositionWhoseRangeWrapsSettlesEveryDeliveryInIt() throws Exception {
        String queue = EmbeddedBroker.uniqueName("wrap");
        try (com.rabbitmq.client.Connection c = broker.newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare(queue, false, false, false, null);
            for (int i = 0; i < 6; i++) {
                ch.basicPublish("", queue, null, ("m" + i).getBytes(StandardCharsets.UTF_8));
            }
            try (RawAmqp10 raw = new RawAmqp10(broker.port())) {
                raw.login("guest", "guest");
                raw.send(0, new Open("raw", null, 65536, 10, 0, List.of(), List.of(), null));
                raw.readPerformative(); // open
                raw.send(0, new Begin(-1, 0, 100, 100, 10));
                Begin begin = assertInstanceOf(Begin.class, raw.readPerformative());
                Object source = new Types.Described(new Types.ULong(0x28), List.of("/queues/" + queue));
                raw.send(0, new Attach("r", 0, true, 0, 0, source, null, 0, 0, List.of(), List.of(), null));
                Attach attached = assertInstanceOf(Attach.class, raw.readPerformative());
                raw.send(0, new Flow(begin.nextOutgoingId(), 100, 0, 100, 0, attached.initialDeliveryCount(), 6, -1,
                        false, false));
                List<Long> ids = new ArrayList<>();
                while (ids.size() < 6) {
                    Performative p = raw.readPerformative();
                    if (p instanceof Transfer t) {
                        ids.add(t.deliveryId());
                    }
                }
                assertEquals(List.of(0xFFFF_FFFCL, 0xFFFF_FFFDL, 0xFFFF_FFFEL, 0xFFFF_FFFFL, 0L, 1L), ids,
                        "delivery-ids cross the wrap");
                raw.send(0, new Disposition(true, 0xFFFF_FFFCL, 1, true, new DeliveryState.Accepted()));
                // every one acknowledged: nothing left unacked, nothing back in the queue after the close
                Await.until("the six are acknowledged", () -> broker.broker().vhosts().get("/").queue(queue)
                        .unackedCount() == 0);
            }
            Await.until("the connection is gone", () -> broker.broker().connectionRegistry().all().size() == 1);
            assertEquals(0, ch.queueDeclarePassive(queue).getMessageCount(), "none was requeued");
        }
    }
}
