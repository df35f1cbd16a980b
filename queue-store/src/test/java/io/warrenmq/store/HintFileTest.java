package io.warrenmq.store;

import static io.warrenmq.store.RecoveryTest.copyTree;
import static io.warrenmq.store.RecoveryTest.flip;
import static io.warrenmq.store.StoreTestSupport.VHOST;
import static io.warrenmq.store.StoreTestSupport.bodies;
import static io.warrenmq.store.StoreTestSupport.deleteHints;
import static io.warrenmq.store.StoreTestSupport.hintFiles;
import static io.warrenmq.store.StoreTestSupport.publishDurably;
import static io.warrenmq.store.StoreTestSupport.range;
import static io.warrenmq.store.StoreTestSupport.segmentFiles;
import static io.warrenmq.store.StoreTestSupport.smallSegments;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hint files: recovering a segment from its hint gives exactly the index that scanning it gives,
 * and a hint that is missing, damaged, outdated or orphaned is never trusted and never loses
 * data — its segment is scanned and the report says so.
 */
class HintFileTest {
    @TempDir
    Path dir;

    // --- equivalence -------------------------------------------------------------------------

    @Test
    void aRandomWorkloadRecoversIdenticallyFromHintsAndFromScanning() throws Exception {
        for (int round = 0; round < 3; round++) {
            long seed = new Random().nextLong();
            Path store = Files.createTempDirectory(dir, "workload");
            Model model = new Model();
            Random random = new Random(seed);
            for (int session = 0; session < 3; session++) {
                try (DurableStore s = DurableStore.open(store, smallSegments())) {
                    model.run(s, random, 1500);
                }
            }
            assertTrue(model.moved > 0, "seed " + seed + ": compaction moved messages");
            assertRecoversIdentically(store, model, "seed " + seed);
        }
    }

    private void assertRecoversIdentically(Path store, Model model, String seed) throws Exception {
        int segments = segmentFiles(store).size();
        assertEquals(segments, hintFiles(store).size(), seed + ": a clean close leaves a hint for every segment");
        Path scanned = Files.createTempDirectory(dir, "scanned");
        copyTree(store, scanned);
        deleteHints(scanned);
        assertEquals(indexState(scanned, 0), indexState(store, segments), seed + ": the recovered index");
        try (DurableStore hinted = DurableStore.open(store, smallSegments());
             DurableStore full = DurableStore.open(scanned, smallSegments())) {
            RecoveryReport h = hinted.recoveryReport();
            RecoveryReport f = full.recoveryReport();
            assertEquals(List.of(), h.problems(), seed);
            assertEquals(List.of(), f.problems(), seed);
            assertEquals(segments, h.segmentsFromHints(), seed);
            assertEquals(0, h.segmentsScanned(), seed);
            assertEquals(0, f.segmentsFromHints(), seed);
            assertEquals(segments, f.segmentsScanned(), seed);
            assertEquals(f.recordsRead(), h.recordsRead(), seed + ": one hint entry per record");
            assertEquals(model.messageCount(), h.messagesRecovered(), seed);
            assertEquals(f.messagesRecovered(), h.messagesRecovered(), seed);
            assertEquals(new HashSet<>(full.storedQueues()), new HashSet<>(hinted.storedQueues()), seed);
            for (Map.Entry<String, TreeMap<Long, Boolean>> q : model.queues.entrySet()) {
                String[] vq = q.getKey().split("\u0000");
                long[] expected = q.getValue().entrySet().stream()
                        .mapToLong(e -> e.getKey() | (e.getValue() ? MessageQueue.REDELIVERED_FLAG : 0)).toArray();
                assertArrayEquals(expected, hinted.recoveredEntries(vq[0], vq[1]), seed + " " + q.getKey());
                assertArrayEquals(expected, full.recoveredEntries(vq[0], vq[1]), seed + " " + q.getKey());
                assertEquals(bodiesOf(full, vq[0], vq[1]), bodiesOf(hinted, vq[0], vq[1]), seed + " " + q.getKey());
            }
            long a = publishDurably(hinted, "next", "q0");
            long b = publishDurably(full, "next", "q0");
            assertEquals(b, a, seed + ": next message id");
        }
    }

    /**
     * Everything recovery rebuilds for the store in a copy of {@code store}: per segment its size
     * and live counts, per queue each entry with its delivered flag and where it is stored, the
     * totals and the next id. Recovery runs alone (no journal: it would start compacting), on a
     * copy (it rebuilds and deletes hints). {@code fromHints}: segments it must take from hints.
     */
    private List<String> indexState(Path store, int fromHints) throws IOException {
        Path copy = Files.createTempDirectory(dir, "index");
        copyTree(store, copy);
        StoreIndex index = new StoreIndex();
        Recovery recovery = new Recovery(new SegmentLog(copy.resolve("messages"), ChannelFactory.DEFAULT), index);
        recovery.run();
        assertEquals(fromHints, recovery.segmentsFromHints, "segments recovered from hints");
        List<String> out = new ArrayList<>();
        out.add("next id " + recovery.nextMessageId + ", " + index.messageCount() + " messages, " + index.liveBytes()
                + " live bytes, " + recovery.recordsRead + " records, problems " + recovery.problems);
        for (Segment s : index.segments()) {
            out.add("segment " + s.sequence + ": size " + s.size + ", live " + s.liveMessages + " / " + s.liveBytes);
        }
        List<StoredQueue> queues = new ArrayList<>(index.storedQueues());
        queues.sort(java.util.Comparator.comparing(StoredQueue::vhost).thenComparing(StoredQueue::queue));
        for (StoredQueue q : queues) {
            for (long e : index.queueSnapshot(q.vhost(), q.queue())) {
                long id = e & QueueIndex.ID_MASK;
                out.add(q.vhost() + "/" + q.queue() + " " + id + ((e & QueueIndex.DELIVERED) != 0 ? "*" : "") + " at "
                        + index.locate(id));
            }
        }
        return out;
    }

    private static List<String> bodiesOf(DurableStore store, String vhost, String queue) {
        List<String> out = new ArrayList<>();
        for (StoredMessage m : store.recoveredMessages(vhost, queue)) {
            out.add(m.id() + ":" + m.body().toString(StandardCharsets.UTF_8) + (m.redelivered() ? "*" : ""));
            m.release();
        }
        return out;
    }

    /**
     * A seeded random workload and what the store must hold afterwards: per queue, ids in order
     * with their redelivered flag. Publishes (to one to three queues, two vhosts, a non-ASCII
     * name), paged-out transient copies, acks, deliveries, purges, queue deletions, and syncs
     * that reclaim and compact segments.
     */
    static final class Model {
        private static final String[][] QUEUES = {
            {VHOST, "q0"}, {VHOST, "q1"}, {VHOST, "q2"}, {VHOST, "qé-ü"}, {"v2", "q0"}, {"v2", "other"}};
        final Map<String, TreeMap<Long, Boolean>> queues = new LinkedHashMap<>();
        /** Where each live message was at the last sync, to count compaction moves. */
        private final Map<Long, SegmentPosition> seenAt = new java.util.HashMap<>();
        int moved;

        void run(DurableStore store, Random random, int operations) throws IOException {
            for (int op = 0; op < operations; op++) {
                int dice = random.nextInt(100);
                if (dice < 40) {
                    publish(store, random);
                } else if (dice < 44) {
                    String[] q = QUEUES[random.nextInt(QUEUES.length)];
                    long t = store.pageOut(q[0], q[1], "", "t", Unpooled.EMPTY_BUFFER, body(random, "transient"));
                    if (random.nextBoolean()) {
                        store.remove(q[0], q[1], t);
                    }
                } else if (dice < 80) {
                    String key = anyHeld(random);
                    if (key != null) {
                        long id = pick(random, queues.get(key));
                        queues.get(key).remove(id);
                        store.remove(split(key)[0], split(key)[1], id);
                    }
                } else if (dice < 92) {
                    String key = anyHeld(random);
                    if (key != null) {
                        long id = pick(random, queues.get(key));
                        queues.get(key).put(id, true);
                        store.delivered(split(key)[0], split(key)[1], id);
                    }
                } else if (dice < 94) {
                    String[] q = QUEUES[random.nextInt(QUEUES.length)];
                    store.purge(q[0], q[1]);
                    if (queues.containsKey(key(q))) {
                        queues.get(key(q)).clear();
                    }
                } else if (dice < 95) {
                    String[] q = QUEUES[random.nextInt(QUEUES.length)];
                    store.deleteQueue(q[0], q[1]);
                    queues.remove(key(q));
                } else {
                    sync(store); // reclaims dead segments, compacts mostly dead ones
                }
            }
            sync(store);
        }

        private void sync(DurableStore store) throws IOException {
            store.sync();
            for (TreeMap<Long, Boolean> q : queues.values()) {
                for (long id : q.keySet()) {
                    SegmentPosition p = store.positionOf(id);
                    SegmentPosition before = seenAt.put(id, p);
                    if (before != null && !before.equals(p)) {
                        moved++;
                    }
                }
            }
        }

        private void publish(DurableStore store, Random random) {
            String vhost = random.nextInt(4) == 0 ? "v2" : VHOST;
            List<String> names = new ArrayList<>();
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                String[] q = QUEUES[random.nextInt(QUEUES.length)];
                if (q[0].equals(vhost)) {
                    names.add(q[1]);
                }
            }
            if (names.isEmpty()) {
                names.add("q0");
            }
            ByteBuf props = Unpooled.copiedBuffer("props", StandardCharsets.UTF_8);
            ByteBuf body = body(random, "m");
            long id = store.publish(vhost, names, "ex", "rk", props, body, () -> { }, t -> { });
            props.release();
            body.release();
            for (String name : names) {
                queues.computeIfAbsent(vhost + "\u0000" + name, k -> new TreeMap<>()).put(id, false);
            }
        }

        private static ByteBuf body(Random random, String prefix) {
            return Unpooled.copiedBuffer(prefix + "x".repeat(random.nextInt(300)), StandardCharsets.UTF_8);
        }

        private String anyHeld(Random random) {
            List<String> held = queues.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey)
                    .toList();
            return held.isEmpty() ? null : held.get(random.nextInt(held.size()));
        }

        private static long pick(Random random, TreeMap<Long, Boolean> ids) {
            // why mostly the head: acks mostly come in order, which leaves whole segments dead for reclamation
            if (random.nextInt(4) > 0) {
                return ids.firstKey();
            }
            Long[] all = ids.keySet().toArray(new Long[0]);
            return all[random.nextInt(all.length)];
        }

        long messageCount() {
            return queues.values().stream().flatMap(q -> q.keySet().stream()).distinct().count();
        }

        private static String key(String[] q) {
            return q[0] + "\u0000" + q[1];
        }

        private static String[] split(String key) {
            return key.split("\u0000");
        }
    }

    // --- hints that must not be trusted -------------------------------------------------------

    /** Three sealed segments and an active one, closed cleanly: every segment has a hint. */
    private List<String> fillClosed(int n) throws Exception {
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            for (int i = 0; i < n; i++) {
                publishDurably(store, "m" + i, "q");
            }
        }
        assertTrue(segmentFiles(dir).size() >= 3, segmentFiles(dir).toString());
        assertEquals(segmentFiles(dir).size(), hintFiles(dir).size());
        return range("m", 0, n);
    }

    private void assertScannedOnceAndHintedAfter(List<String> expected, int scanned, String problem) throws Exception {
        int segments = segmentFiles(dir).size();
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            RecoveryReport r = store.recoveryReport();
            assertEquals(expected, bodies(store, "q"), "nothing lost");
            assertEquals(scanned, r.segmentsScanned(), r.toString());
            assertEquals(segments - scanned, r.segmentsFromHints(), r.toString());
            assertEquals(1, r.problems().size(), r.problems().toString());
            assertTrue(r.problems().get(0).contains(problem), r.problems().toString());
        }
        // the scan rebuilt the hint: the next start reads no segment
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            RecoveryReport r = store.recoveryReport();
            assertTrue(r.clean(), r.problems().toString());
            assertEquals(0, r.segmentsScanned());
            assertEquals(expected, bodies(store, "q"));
        }
    }

    @Test
    void aHintWithABrokenChecksumIsReportedAndItsSegmentScanned() throws Exception {
        List<String> expected = fillClosed(200);
        Path hint = hintFiles(dir).get(1);
        flip(hint, Files.size(hint) / 2);
        assertScannedOnceAndHintedAfter(expected, 1, hint.getFileName() + " not used (checksum mismatch)");
    }

    @Test
    void aTruncatedHintIsReportedAndItsSegmentScanned() throws Exception {
        List<String> expected = fillClosed(200);
        Path hint = hintFiles(dir).get(0);
        truncate(hint, Files.size(hint) - 7);
        Path tiny = hintFiles(dir).get(2);
        truncate(tiny, 10);
        assertScannedOnceAndHintedAfterTwo(expected);
    }

    private void assertScannedOnceAndHintedAfterTwo(List<String> expected) throws Exception {
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            RecoveryReport r = store.recoveryReport();
            assertEquals(expected, bodies(store, "q"));
            assertEquals(2, r.segmentsScanned(), r.toString());
            assertEquals(2, r.problems().size(), r.problems().toString());
            assertTrue(r.problems().get(0).contains("not used (checksum mismatch)"), r.problems().toString());
            assertTrue(r.problems().get(1).contains("not used (truncated (10 bytes))"), r.problems().toString());
        }
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            assertTrue(store.recoveryReport().clean());
            assertEquals(0, store.recoveryReport().segmentsScanned());
        }
    }

    @Test
    void aHintCoveringLessThanItsSegmentIsNotTrusted() throws Exception {
        // Two stores with the same first messages: their first segments start with the same bytes.
        // The shorter one's hint is a valid hint of the longer segment as it was before more was
        // appended to it.
        Path shorter = Files.createTempDirectory(dir, "shorter");
        try (DurableStore store = DurableStore.open(shorter, StoreOptions.defaults())) {
            for (int i = 0; i < 5; i++) {
                publishDurably(store, "m" + i, "q");
            }
        }
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            for (int i = 0; i < 10; i++) {
                publishDurably(store, "m" + i, "q");
            }
        }
        Path hint = dir.resolve("messages").resolve(HintFile.fileName(0));
        Files.copy(shorter.resolve("messages").resolve(HintFile.fileName(0)), hint,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertScannedOnceAndHintedAfter(range("m", 0, 10), 1, "not used (it covers ");
    }

    @Test
    void aHintCoveringMoreThanItsSegmentIsNotTrusted() throws Exception {
        List<SegmentPosition> positions = new ArrayList<>();
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            for (int i = 0; i < 10; i++) {
                positions.add(store.positionOf(publishDurably(store, "m" + i, "q")));
            }
        }
        // the segment lost its last five records at a record boundary (say, restored from an older copy):
        // a scan alone sees a whole segment; the hint says what is missing, and the loss is reported
        truncate(segmentFiles(dir).get(0), positions.get(5).offset());
        assertScannedOnceAndHintedAfter(range("m", 0, 5), 1,
                "than its hint says: the hint lists 5 published messages past its end, lost");
    }

    @Test
    void aHintOfAnotherSegmentIsNotTrusted() throws Exception {
        List<String> expected = fillClosed(200);
        Files.copy(hintFiles(dir).get(0), hintFiles(dir).get(1), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertScannedOnceAndHintedAfter(expected, 1, "not used (it names segment 0)");
    }

    @Test
    void aHintWithoutItsSegmentIsDeletedAndAnUnfinishedOneSilently() throws Exception {
        List<String> expected = fillClosed(200);
        Path stray = dir.resolve("messages").resolve(HintFile.fileName(99));
        Files.copy(hintFiles(dir).get(0), stray);
        Path unfinished = dir.resolve("messages").resolve(HintFile.fileName(98) + ".tmp");
        Files.write(unfinished, new byte[100]);
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            RecoveryReport r = store.recoveryReport();
            assertEquals(expected, bodies(store, "q"));
            assertEquals(0, r.segmentsScanned());
            assertEquals(List.of("segment " + Segment.fileName(99) + " is missing: its hint lists 75 published "
                    + "messages, lost (less those consumed before it went); the hint was moved aside to "
                    + stray.getFileName() + Recovery.ORPHAN_SUFFIX), r.problems());
        }
        assertFalse(Files.exists(stray));
        assertTrue(Files.exists(stray.resolveSibling(stray.getFileName() + Recovery.ORPHAN_SUFFIX)),
                "kept as the evidence of what was lost");
        assertFalse(Files.exists(unfinished));
    }

    @Test
    void aSegmentMovedAsideTakesItsHintAlong() throws Exception {
        fillClosed(200);
        Path segment = segmentFiles(dir).get(1);
        RecoveryTest.writeInt(segment, 0, 0xDEADBEEF);
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            List<String> got = bodies(store, "q");
            assertTrue(got.contains("m0") && got.contains("m199") && got.size() < 200, got.toString());
            assertTrue(String.join("\n", store.recoveryReport().problems()).contains("bad magic"));
        }
        assertFalse(Files.exists(dir.resolve("messages").resolve(HintFile.fileName(1))));
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            assertTrue(store.recoveryReport().clean(), store.recoveryReport().problems().toString());
        }
    }

    @Test
    void randomDamageToHintsNeverLosesAMessage() throws Exception {
        List<String> expected = fillClosed(300);
        Path pristine = Files.createTempDirectory(dir.getParent(), "pristine");
        copyTree(dir, pristine);
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int round = 0; round < 12; round++) {
            Path copy = Files.createTempDirectory(dir.getParent(), "hintfuzz");
            copyTree(pristine, copy);
            List<Path> hints = hintFiles(copy);
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                Path h = hints.get(random.nextInt(hints.size()));
                long size = Files.size(h);
                if (size == 0) {
                    continue;
                }
                switch (random.nextInt(3)) {
                    case 0 -> flip(h, random.nextInt((int) size));
                    case 1 -> truncate(h, random.nextInt((int) size));
                    default -> Files.write(h, new byte[1 + random.nextInt(100)], StandardOpenOption.APPEND);
                }
            }
            try (DurableStore store = DurableStore.open(copy, smallSegments())) {
                assertEquals(expected, bodies(store, "q"), "seed " + seed);
                for (String p : store.recoveryReport().problems()) {
                    assertTrue(p.contains("hint"), "seed " + seed + ": " + p);
                }
            }
        }
    }

    // --- when hints are written and used -------------------------------------------------------

    @Test
    void afterACrashSealedSegmentsUseTheirHintsAndTheActiveOneIsScanned(@TempDir Path crashed) throws Exception {
        List<String> expected = new ArrayList<>();
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            for (int i = 0; i < 200; i++) {
                long id = publishDurably(store, "m" + i, "q");
                if (i % 3 == 0) {
                    store.remove(VHOST, "q", id);
                } else {
                    expected.add("m" + i + "*"); // after a crash, everything is redelivered
                }
            }
            store.sync();
            // what a kill -9 leaves behind: the files as they are, no clean marker
            copyTree(dir, crashed);
        }
        int segments = segmentFiles(crashed).size();
        assertEquals(segments - 1, hintFiles(crashed).size(), "sealed segments have hints, the active one not");
        Path scanOnly = Files.createTempDirectory(dir.getParent(), "scanonly");
        copyTree(crashed, scanOnly);
        deleteHints(scanOnly);
        assertEquals(indexState(scanOnly, 0), indexState(crashed, segments - 1));
        try (DurableStore store = DurableStore.open(crashed, smallSegments());
             DurableStore full = DurableStore.open(scanOnly, smallSegments())) {
            assertTrue(store.recoveredAfterCrash());
            RecoveryReport r = store.recoveryReport();
            assertEquals(segments - 1, r.segmentsFromHints(), r.toString());
            assertEquals(1, r.segmentsScanned(), r.toString());
            assertTrue(r.clean(), r.problems().toString());
            assertEquals(expected, bodies(store, "q"));
            assertEquals(bodies(full, "q"), bodies(store, "q"));
            assertEquals(full.recoveryReport().recordsRead(), r.recordsRead());
        }
        try (Stream<Path> files = Files.list(crashed.resolve("messages"))) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "the unfinished hint was deleted");
        }
    }

    @Test
    void reclaimedSegmentsTakeTheirHintsAlong() throws Exception {
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                ids.add(publishDurably(store, "m" + i, "q"));
            }
            publishDurably(store, "pinned", "keep");
            for (long id : ids) {
                store.remove(VHOST, "q", id);
            }
            store.sync();
            List<Long> sealed = new ArrayList<>(store.segmentSequences());
            sealed.remove(sealed.size() - 1);
            assertEquals(sealed, sequences(hintFiles(dir)), "exactly the sealed segments have hints");
        }
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            assertEquals(List.of("pinned"), bodies(store, "keep"));
            assertEquals(0, store.recoveryReport().segmentsScanned());
        }
    }

    @Test
    void aSegmentDamagedBehindItsValidHintIsNotReadAtOpenButItsMessageIsReportedWhenRead() throws Exception {
        List<SegmentPosition> positions = new ArrayList<>();
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            for (int i = 0; i < 200; i++) {
                positions.add(store.positionOf(publishDurably(store, "m" + i, "q")));
            }
        }
        SegmentPosition p = positions.get(10);
        flip(dir.resolve("messages").resolve(Segment.fileName(p.segment())), p.end() - 2);
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            assertTrue(store.recoveryReport().clean(), "the hint is trusted: the segment is not read at open");
            List<String> expected = range("m", 0, 200);
            expected.remove("m10");
            assertEquals(expected, bodies(store, "q"));
            assertTrue(String.join("\n", store.problems()).contains("checksum mismatch"), store.problems().toString());
        }
    }

    @Test
    void hintsThatCannotBeWrittenNeverStopTheStore() throws Exception {
        // a disk that refuses hint files: creating some, writing others, forcing the rest
        java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
        ChannelFactory refusesHints = (path, options) -> {
            FileChannel real = FileChannel.open(path, options);
            if (!path.toString().endsWith(HintFile.TMP_SUFFIX)) {
                return real;
            }
            switch (opened.getAndIncrement() % 3) {
                case 0 -> {
                    real.close();
                    throw new IOException("injected: cannot create " + path.getFileName());
                }
                case 1 -> {
                    return new ForwardingFileChannel(real) {
                        @Override
                        public int write(java.nio.ByteBuffer src) throws IOException {
                            throw new IOException("injected: disk full");
                        }
                    };
                }
                default -> {
                    return new ForwardingFileChannel(real) {
                        @Override
                        public void force(boolean metaData) throws IOException {
                            throw new IOException("injected: fsync failed");
                        }
                    };
                }
            }
        };
        try (DurableStore store = DurableStore.open(dir, smallSegments().withChannelFactory(refusesHints))) {
            for (int i = 0; i < 300; i++) {
                publishDurably(store, "m" + i, "q");
            }
            assertFalse(store.failed());
            assertTrue(String.join("\n", store.problems()).contains("injected"), store.problems().toString());
        }
        assertTrue(opened.get() >= 3, "every failure mode met: " + opened.get());
        assertEquals(List.of(), hintFiles(dir), "no hint was sealed");
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            RecoveryReport r = store.recoveryReport();
            assertTrue(r.clean(), r.problems().toString());
            assertEquals(segmentFiles(dir).size() - 1, r.segmentsScanned(), "every segment scanned");
            assertEquals(range("m", 0, 300), bodies(store, "q"));
        }
    }

    private static List<Long> sequences(List<Path> hints) {
        return hints.stream().map(h -> HintFile.sequenceOf(h.getFileName().toString())).toList();
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }
}
