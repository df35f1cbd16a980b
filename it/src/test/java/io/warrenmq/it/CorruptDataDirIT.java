package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Damage to the data directory never stops the broker from booting: a torn or corrupt segment
 * tail is cut and reported, a damaged definitions copy falls back to the other, and everything
 * undamaged is served as before (docs/storage-format.md).
 */
class CorruptDataDirIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    private static void publish(Channel channel, String queue, int n) throws Exception {
        channel.queueDeclare(queue, true, false, false, null);
        channel.confirmSelect();
        for (int i = 0; i < n; i++) {
            channel.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        channel.waitForConfirmsOrDie(30_000);
    }

    private static List<String> drain(Channel channel, String queue) throws Exception {
        List<String> out = new ArrayList<>();
        for (GetResponse r; (r = channel.basicGet(queue, true)) != null; ) {
            out.add(new String(r.getBody(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static Path newestSegment(Path dataDir) {
        try (Stream<Path> files = Files.list(dataDir.resolve("messages"))) {
            return files.filter(f -> f.toString().endsWith(".seg") && sizeOf(f) > 32).max(Path::compareTo).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long sizeOf(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void overwrite(Path file, long position, byte[] bytes) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), position);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aTruncatedLastSegmentIsCutAndTheBrokerServesTheRest() throws Exception {
        String queue = EmbeddedBroker.uniqueName("torn");
        publish(broker.newChannel(), queue, 50);
        broker.restart(dir -> {
            Path segment = newestSegment(dir);
            try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
                ch.truncate(Files.size(segment) - 5); // tear the last record
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertTrue(broker.broker().recoveryReport().tornTailBytesCut() > 0, broker.broker().recoveryReport().toString());
        List<String> left = drain(broker.newChannel(), queue);
        assertEquals(49, left.size(), "only the torn last message is gone: " + left);
        assertEquals("m0", left.get(0));
        assertEquals("m48", left.get(48));
    }

    /** Flips the body of message m25 in the newest segment: its checksum no longer matches. */
    private static void damageM25(Path dir, boolean keepHint) {
        Path segment = newestSegment(dir);
        byte[] bytes = readAll(segment);
        int at = indexOf(bytes, "m25".getBytes(StandardCharsets.UTF_8));
        assertTrue(at > 0, "m25 found in the segment");
        overwrite(segment, at, "zzz".getBytes(StandardCharsets.UTF_8));
        if (!keepHint) {
            // as after a kill -9: the segment being written has no hint file, so recovery scans it
            String name = segment.getFileName().toString();
            try {
                Files.delete(segment.resolveSibling(name.substring(0, name.length() - 4) + ".hint"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void aCorruptRecordInTheMiddleIsSkippedAndReported() throws Exception {
        String queue = EmbeddedBroker.uniqueName("flipped");
        publish(broker.newChannel(), queue, 50);
        broker.restart(dir -> damageM25(dir, false));
        List<String> problems = broker.broker().recoveryReport().problems();
        assertFalse(problems.isEmpty(), "the damage is reported");
        List<String> left = drain(broker.newChannel(), queue);
        assertEquals(49, left.size(), "one damaged record skipped, the rest served: " + left);
        assertFalse(left.contains("m25"));
        assertEquals("m49", left.get(48));
    }

    /**
     * A segment with a valid hint file is not read at start-up (docs/storage-format.md, "Hint
     * files"): damage inside it is found when the message is read, and that message is skipped.
     */
    @Test
    void aCorruptRecordBehindAValidHintIsSkippedWhenRead() throws Exception {
        String queue = EmbeddedBroker.uniqueName("hinted");
        publish(broker.newChannel(), queue, 50);
        broker.restart(dir -> damageM25(dir, true));
        assertTrue(broker.broker().recoveryReport().segmentsFromHints() > 0, broker.broker().recoveryReport().toString());
        List<String> left = drain(broker.newChannel(), queue);
        assertEquals(49, left.size(), "the damaged message skipped when read, the rest served: " + left);
        assertFalse(left.contains("m25"));
        assertEquals("m49", left.get(48));
    }

    @Test
    void aDamagedDefinitionsCopyFallsBackToTheOtherOne() throws Exception {
        String queue = EmbeddedBroker.uniqueName("defs");
        Channel channel = broker.newChannel();
        publish(channel, queue, 3);
        channel.exchangeDeclare(queue + "-x", "fanout", true);
        channel.queueBind(queue, queue + "-x", "");
        broker.restart(dir -> {
            // damage the newest definitions copy; the older one still names the queue
            Path a = dir.resolve("definitions.a");
            Path b = dir.resolve("definitions.b");
            Path newest = !Files.exists(b) || (Files.exists(a) && lastModified(a) >= lastModified(b)) ? a : b;
            overwrite(newest, 20, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        });
        assertFalse(broker.broker().recoveryReport().problems().isEmpty(), "the damage is reported");
        Channel after = broker.newChannel();
        assertEquals(3, after.queueDeclarePassive(queue).getMessageCount());
        assertEquals(List.of("m0", "m1", "m2"), drain(after, queue));
    }

    @Test
    void storedMessagesWithBothDefinitionsGoneRefuseToStartWithOneLineUnlessToldToStartEmpty(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        io.warrenmq.server.BrokerConfig config = io.warrenmq.server.BrokerConfig.defaults().withHost("127.0.0.1")
                .withPort(0).withDataDir(dir);
        try (io.warrenmq.server.Broker b = new io.warrenmq.server.Broker(config).start();
             com.rabbitmq.client.Connection c = EmbeddedBroker.clientFactory(b.port()).newConnection()) {
            publish(c.createChannel(), "kept", 4);
        }
        Files.delete(dir.resolve("definitions.a"));
        Files.deleteIfExists(dir.resolve("definitions.b"));
        io.warrenmq.server.StartupFailure refused = org.junit.jupiter.api.Assertions.assertThrows(
                io.warrenmq.server.StartupFailure.class, () -> new io.warrenmq.server.Broker(config).start());
        assertTrue(refused.getMessage().contains("holds 4 stored messages but no definitions: neither definitions.a "
                + "nor definitions.b exists"), refused.getMessage());
        // the refusal released the directory: told to, the broker starts empty and the messages stay on disk
        try (io.warrenmq.server.Broker b = new io.warrenmq.server.Broker(config,
                io.warrenmq.store.StoreOptions.defaults().withStartWithoutDefinitions(true)).start()) {
            assertEquals(4, b.recoveryReport().messagesRecovered());
            assertEquals(4, b.recoveryReport().orphanedMessages(), "kept on disk, belonging to no defined queue");
            assertTrue(b.vhosts().get("/").queue("kept") == null, "no topology: the queue is not served");
        }
    }

    private static byte[] readAll(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static long lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
