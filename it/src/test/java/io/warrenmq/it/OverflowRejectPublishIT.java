package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * x-overflow reject-publish (https://www.rabbitmq.com/docs/maxlength): a full queue refuses new
 * messages, and a publisher in confirm mode gets a basic.nack for each; with reject-publish-dlx
 * the refused message is also dead-lettered. The messages already queued stay.
 */
class OverflowRejectPublishIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    private static ConcurrentSkipListSet<Long>[] listen(Channel channel) {
        @SuppressWarnings("unchecked")
        ConcurrentSkipListSet<Long>[] sets = new ConcurrentSkipListSet[] {new ConcurrentSkipListSet<Long>(),
                new ConcurrentSkipListSet<Long>()};
        channel.addConfirmListener(new ConfirmListener() {
            @Override
            public void handleAck(long tag, boolean multiple) {
                for (long t = multiple ? 1 : tag; t <= tag; t++) {
                    if (!sets[1].contains(t)) {
                        sets[0].add(t);
                    }
                }
            }

            @Override
            public void handleNack(long tag, boolean multiple) {
                sets[1].add(tag);
            }
        });
        return sets;
    }

    @Test
    void aFullQueueNacksNewPublishesAndKeepsWhatItHas() throws Exception {
        Channel channel = broker.newChannel();
        String queue = EmbeddedBroker.uniqueName("reject-publish");
        channel.queueDeclare(queue, false, false, true, Map.of("x-max-length", 2, "x-overflow", "reject-publish"));
        channel.confirmSelect();
        ConcurrentSkipListSet<Long>[] outcome = listen(channel);
        for (String body : List.of("m1", "m2", "m3")) {
            channel.basicPublish("", queue, null, body.getBytes(StandardCharsets.UTF_8));
        }
        Await.until("3 outcomes", () -> outcome[0].size() + outcome[1].size() == 3);
        assertEquals(List.of(1L, 2L), List.copyOf(outcome[0]), "acked");
        assertEquals(List.of(3L), List.copyOf(outcome[1]), "nacked");
        assertEquals(2, channel.queueDeclarePassive(queue).getMessageCount());
        assertEquals("m1", new String(channel.basicGet(queue, true).getBody(), StandardCharsets.UTF_8));
    }

    @Test
    void rejectPublishDlxAlsoDeadLettersTheRefusedMessage() throws Exception {
        Channel channel = broker.newChannel();
        String dlx = EmbeddedBroker.uniqueName("dlx");
        channel.exchangeDeclare(dlx, "fanout", false, true, null);
        String dlq = channel.queueDeclare().getQueue();
        channel.queueBind(dlq, dlx, "");
        String queue = EmbeddedBroker.uniqueName("reject-publish-dlx");
        channel.queueDeclare(queue, false, false, true,
                Map.of("x-max-length", 1, "x-overflow", "reject-publish-dlx", "x-dead-letter-exchange", dlx));
        channel.confirmSelect();
        ConcurrentSkipListSet<Long>[] outcome = listen(channel);
        channel.basicPublish("", queue, null, "kept".getBytes(StandardCharsets.UTF_8));
        channel.basicPublish("", queue, null, "refused".getBytes(StandardCharsets.UTF_8));
        Await.until("2 outcomes", () -> outcome[0].size() + outcome[1].size() == 2);
        assertTrue(outcome[1].contains(2L), "the second publish is nacked");
        var dead = Await.result("the refused message in the DLQ", () -> channel.basicGet(dlq, true), r -> r != null);
        assertEquals("refused", new String(dead.getBody(), StandardCharsets.UTF_8));
    }
}
