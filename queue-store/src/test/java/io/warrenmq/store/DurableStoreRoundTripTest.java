package io.warrenmq.store;

import static io.warrenmq.store.StoreTestSupport.VHOST;
import static io.warrenmq.store.StoreTestSupport.bodies;
import static io.warrenmq.store.StoreTestSupport.publishDurably;
import static io.warrenmq.store.StoreTestSupport.range;
import static io.warrenmq.store.StoreTestSupport.smallSegments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableStoreRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void freshDirectoryOpensEmptyAndClean() throws IOException {
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            assertTrue(store.recoveryReport().clean(), store.recoveryReport().problems().toString());
            assertTrue(store.definitions().isEmpty());
            assertEquals(List.of(), store.recoveredMessages(VHOST, "q"));
        }
    }

    @Test
    void publishedAndRemovedMessagesSurviveReopenAcrossSegmentsInOrder() throws Exception {
        List<Long> ids = new ArrayList<>();
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            for (int i = 0; i < 300; i++) {
                ids.add(publishDurably(store, "m" + i, i % 2 == 0 ? "even" : "odd"));
            }
            for (int i = 0; i < 100; i += 2) {
                store.remove(VHOST, "even", ids.get(i));
            }
            store.remove(VHOST, "odd", ids.get(151));
        }
        assertTrue(StoreTestSupport.segmentFiles(dir).size() > 3, "several segments");
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            assertTrue(store.recoveryReport().clean(), store.recoveryReport().problems().toString());
            List<String> even = new ArrayList<>();
            List<String> odd = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                if (i % 2 == 0 && i >= 100) {
                    even.add("m" + i);
                } else if (i % 2 == 1 && i != 151) {
                    odd.add("m" + i);
                }
            }
            assertEquals(even, bodies(store, "even"));
            assertEquals(odd, bodies(store, "odd"));
            assertEquals(even.size() + odd.size(), store.recoveryReport().messagesRecovered());
        }
    }

    @Test
    void aMessageRoutedToSeveralQueuesIsStoredOnceAndKeptUntilEveryQueueRemovedIt() throws Exception {
        long id;
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            id = publishDurably(store, "shared", "a", "b", "c", "a");
            store.sync();
            assertEquals(1, store.messageCount());
            store.remove(VHOST, "a", id);
            store.remove(VHOST, "b", id);
        }
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            assertEquals(1, store.recoveryReport().messagesRecovered());
            assertEquals(List.of(), bodies(store, "a"));
            assertEquals(List.of(), bodies(store, "b"));
            assertEquals(List.of("shared"), bodies(store, "c"));
            store.remove(VHOST, "c", id);
            store.sync();
            assertEquals(0, store.messageCount());
        }
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            assertEquals(0, store.recoveryReport().messagesRecovered());
        }
    }

    @Test
    void purgeAndDeleteQueueDropOnlyThatQueuesMessages() throws Exception {
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            publishDurably(store, "x1", "purged", "kept");
            publishDurably(store, "x2", "purged");
            publishDurably(store, "y1", "deleted", "kept");
            store.purge(VHOST, "purged");
            store.deleteQueue(VHOST, "deleted");
            publishDurably(store, "x3", "purged");
        }
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            assertEquals(List.of("x3"), bodies(store, "purged"));
            assertEquals(List.of(), bodies(store, "deleted"));
            assertEquals(List.of("x1", "y1"), bodies(store, "kept"));
            assertEquals(3, store.recoveryReport().messagesRecovered());
        }
    }

    @Test
    void deliveredMessagesComeBackRedeliveredInThatQueueOnly() throws Exception {
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            long a = publishDurably(store, "a", "q1", "q2");
            publishDurably(store, "b", "q1");
            store.delivered(VHOST, "q1", a);
        }
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            assertEquals(List.of("a*", "b"), bodies(store, "q1"));
            assertEquals(List.of("a"), bodies(store, "q2"));
        }
    }

    @Test
    void readReturnsPropertiesBodyAndRoutingOfAStoredMessage() throws Exception {
        byte[] big = new byte[100_000];
        new Random(7).nextBytes(big);
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            ByteBuf props = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
            ByteBuf body = Unpooled.wrappedBuffer(big);
            CountDownLatch durable = new CountDownLatch(1);
            long id = store.publish(VHOST, List.of("q"), "amq.direct", "key", props, body, durable::countDown, t -> { });
            assertTrue(durable.await(10, TimeUnit.SECONDS));
            assertEquals(1, body.refCnt(), "once durable the store holds no reference; the caller keeps its own");
            assertEquals(1, props.refCnt());
            props.release();
            body.release();
            StoredMessage m = store.read(id);
            try {
                assertEquals(id, m.id());
                assertEquals("amq.direct", m.exchange());
                assertEquals("key", m.routingKey());
                assertEquals(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}), m.properties());
                assertEquals(Unpooled.wrappedBuffer(big), m.body());
            } finally {
                m.release();
            }
            assertThrows(IOException.class, () -> store.read(id + 1000));
        }
    }

    @Test
    void idsKeepGrowingAcrossRestartsEvenWhenEverythingWasRemoved() throws Exception {
        long first;
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            first = publishDurably(store, "a", "q");
            store.remove(VHOST, "q", first);
        }
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            assertTrue(publishDurably(store, "b", "q") > first);
        }
    }

    @Test
    void definitionsRoundTripAndTheNewestCopyWins() throws IOException {
        Definitions v1 = new Definitions(
                List.of(new Definitions.ExchangeDef(VHOST, "x", "topic", false, true, new byte[] {9})),
                List.of(new Definitions.QueueDef(VHOST, "q", false, null)),
                List.of(new Definitions.BindingDef(VHOST, "x", "q", true, "a.#", new byte[0])));
        Definitions v2 = new Definitions(v1.exchanges(), List.of(), List.of());
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            store.saveDefinitions(v1);
        }
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            assertEquals(v1, store.definitions());
            store.saveDefinitions(v2);
        }
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            assertEquals(v2, store.definitions());
            assertTrue(store.recoveryReport().clean());
        }
    }

    @Test
    void unicodeNamesAndEmptyBodiesRoundTrip() throws Exception {
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            ByteBuf empty = Unpooled.EMPTY_BUFFER;
            CountDownLatch durable = new CountDownLatch(1);
            store.publish("vh-é", List.of("队列"), "", "ключ", empty, empty, durable::countDown, t -> { });
            assertTrue(durable.await(10, TimeUnit.SECONDS));
        }
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            List<StoredMessage> ms = store.recoveredMessages("vh-é", "队列");
            assertEquals(1, ms.size());
            assertEquals("ключ", ms.get(0).routingKey());
            assertEquals(0, ms.get(0).body().readableBytes());
            assertEquals(List.of(new StoredQueue("vh-é", "队列", 1)), store.storedQueues());
            ms.forEach(StoredMessage::release);
            assertEquals("", new String(new byte[0], StandardCharsets.UTF_8));
        }
    }
}
