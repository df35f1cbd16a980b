package io.warrenmq.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Small helpers shared by the store tests: publish text bodies, read queues back as text. */
final class StoreTestSupport {
    static final String VHOST = "/";

    private StoreTestSupport() {
    }

    static StoreOptions smallSegments() {
        return StoreOptions.defaults().withSegmentBytes(4096);
    }

    /** Publishes a text body and waits until it is durable; returns its id. */
    static long publishDurably(DurableStore store, String body, String... queues) throws InterruptedException {
        CountDownLatch durable = new CountDownLatch(1);
        long id = publish(store, body, durable::countDown, queues);
        assertTrue(durable.await(10, TimeUnit.SECONDS), "not durable: " + body);
        return id;
    }

    static long publish(DurableStore store, String body, Runnable onDurable, String... queues) {
        ByteBuf props = Unpooled.copiedBuffer("p:" + body, StandardCharsets.UTF_8);
        ByteBuf payload = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        try {
            return store.publish(VHOST, List.of(queues), "ex", "rk." + body, props, payload, onDurable, t -> { });
        } finally {
            props.release();
            payload.release();
        }
    }

    /** The bodies of a queue's stored messages, in order (buffers released). */
    static List<String> bodies(DurableStore store, String queue) {
        List<String> out = new ArrayList<>();
        for (StoredMessage m : store.recoveredMessages(VHOST, queue)) {
            out.add(m.body().toString(StandardCharsets.UTF_8) + (m.redelivered() ? "*" : ""));
            m.release();
        }
        return out;
    }

    static List<String> range(String prefix, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    static List<Path> segmentFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("messages"))) {
            return s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    static List<Path> hintFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("messages"))) {
            return s.filter(p -> p.toString().endsWith(HintFile.SUFFIX)).sorted().toList();
        }
    }

    /** Deletes every hint file, so the next open scans every segment (as before hints existed). */
    static void deleteHints(Path dir) throws IOException {
        for (Path h : hintFiles(dir)) {
            Files.delete(h);
        }
    }

    /** The directory as a kill -9 leaves it: no sealed hint for the active segment, no clean-close marker. */
    static void simulateCrash(Path dir) throws IOException {
        deleteHints(dir);
        Files.deleteIfExists(dir.resolve(DurableStore.CLEAN_MARKER));
    }
}
