package io.warrenmq.server.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.server.vhost.VirtualHost;
import io.warrenmq.store.Message;
import io.warrenmq.store.QueueEntry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-over of an entry from a queue's loop to its consumer's connection: the entry is the message. */
class DeliveryTest {
    private final EmbeddedChannel loop = new EmbeddedChannel();
    private final List<Object> posted = new ArrayList<>();
    private final List<String> delivered = new ArrayList<>();

    private final ConsumerOwner owner = new TestOwner(loop.eventLoop(), posted::add,
            (consumer, entry) -> delivered.add(consumer.tag() + " " + entry.message().routingKey()));

    @Test
    void aPostedEntryReachesItsConsumersOwnerAndNothingElseIsTakenForADelivery() {
        Queue queue = new Queue(new VirtualHost("/"), "q", false, false, false, FieldTable.EMPTY, null,
                loop.eventLoop());
        Consumer first = new Consumer("c1", queue, owner, true, false, 0, new ChannelCredit());
        Consumer second = new Consumer("c2", queue, owner, true, false, 0, new ChannelCredit());
        QueueEntry a = entry("a");
        QueueEntry b = entry("b");
        Delivery.post(first, a);
        Delivery.post(second, b);
        loop.runPendingTasks();
        assertEquals(List.of(a, b), posted);
        assertSame(first, Delivery.consumer(a));
        for (Object item : posted) {
            assertTrue(Delivery.handOver(item));
        }
        assertEquals(List.of("c1 a", "c2 b"), delivered);
        assertFalse(Delivery.handOver((Runnable) () -> { }));
        a.release();
        b.release();
        loop.finishAndReleaseAll();
    }

    private static QueueEntry entry(String routingKey) {
        return new QueueEntry(new Message("", routingKey, Unpooled.buffer(2).writeShort(0), Unpooled.buffer(1)
                .writeByte(1), false));
    }
}
