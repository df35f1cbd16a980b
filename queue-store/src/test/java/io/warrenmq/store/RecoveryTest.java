package io.warrenmq.store;

import static io.warrenmq.store.StoreTestSupport.VHOST;
import static io.warrenmq.store.StoreTestSupport.bodies;
import static io.warrenmq.store.StoreTestSupport.deleteHints;
import static io.warrenmq.store.StoreTestSupport.publishDurably;
import static io.warrenmq.store.StoreTestSupport.range;
import static io.warrenmq.store.StoreTestSupport.segmentFiles;
import static io.warrenmq.store.StoreTestSupport.smallSegments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store always opens after a crash or damage, keeps every intact record and reports the rest.
 * Damage inside a segment is found by scanning it, so tests of that delete the hint files first
 * (a segment with a valid hint is not read at open: {@link HintFileTest}).
 */
class RecoveryTest {
    @TempDir
    Path dir;

    /** Publishes m0..m(n-1) to queue q; returns where each was stored. */
    private List<SegmentPosition> fill(StoreOptions options, int n) throws Exception {
        List<SegmentPosition> positions = new ArrayList<>();
        try (DurableStore store = DurableStore.open(dir, options)) {
            for (int i = 0; i < n; i++) {
                positions.add(store.positionOf(publishDurably(store, "m" + i, "q")));
            }
        }
        return positions;
    }

    private static String problems(DurableStore store) {
        return String.join("\n", store.recoveryReport().problems());
    }

    @Test
    void aTornLastRecordIsCutAtEveryOffsetAndTheRestRecovered() throws Exception {
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            for (int i = 0; i < 5; i++) {
                publishDurably(store, "m" + i, "q");
            }
            long last = publishDurably(store, "the-last-one-with-a-longer-body", "q");
            SegmentPosition p = store.positionOf(last);
            store.close();
            StoreTestSupport.simulateCrash(dir); // the active segment has no hint, the store was not closed
            Path segment = dir.resolve("messages").resolve(Segment.fileName(p.segment()));
            for (long cut = p.offset() + 1; cut < p.end(); cut++) {
                Path copy = Files.createTempDirectory(dir.getParent(), "torn");
                copyTree(dir, copy);
                try (FileChannel ch = FileChannel.open(copy.resolve("messages").resolve(segment.getFileName()),
                        StandardOpenOption.WRITE)) {
                    ch.truncate(cut);
                }
                try (DurableStore again = DurableStore.open(copy, StoreOptions.defaults())) {
                    RecoveryReport r = again.recoveryReport();
                    assertEquals(cut - p.offset(), r.tornTailBytesCut(), "cut at " + cut);
                    assertEquals(1, r.problems().size(), problems(again));
                    assertTrue(r.problems().get(0).contains("torn tail"), problems(again));
                    // after a crash every recovered message is flagged redelivered ("*")
                    assertEquals(range("m", 0, 5).stream().map(b -> b + "*").toList(), bodies(again, "q"));
                }
                try (DurableStore again = DurableStore.open(copy, StoreOptions.defaults())) {
                    assertTrue(again.recoveryReport().clean(), "second open is clean: " + problems(again));
                    assertEquals(range("m", 0, 5), bodies(again, "q").stream().map(b -> b.replace("*", "")).toList());
                }
            }
        }
    }

    @Test
    void aFlippedByteInTheMiddleSkipsOnlyThatRecord() throws Exception {
        SegmentPosition p = fill(smallSegments(), 200).get(10);
        deleteHints(dir);
        flip(segmentPath(p.segment()), p.end() - 2);
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            List<String> expected = range("m", 0, 200);
            expected.remove("m10");
            assertEquals(expected, bodies(store, "q"));
            assertEquals(1, store.recoveryReport().problems().size(), problems(store));
            assertTrue(problems(store).contains(Segment.fileName(p.segment()) + " offset " + p.offset()
                    + ": checksum mismatch"), problems(store));
        }
    }

    @Test
    void anImplausibleLengthLosesTheRestOfThatSegmentOnly() throws Exception {
        List<SegmentPosition> positions = fill(smallSegments(), 200);
        SegmentPosition p = positions.get(3);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < positions.size(); i++) {
            if (i < 3 || positions.get(i).segment() != p.segment()) {
                expected.add("m" + i);
            }
        }
        deleteHints(dir);
        writeInt(segmentPath(p.segment()), p.offset(), 0x7FFF_FFF0);
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            assertEquals(expected, bodies(store, "q"));
            assertTrue(problems(store).contains("offset " + p.offset() + ": implausible record length"), problems(store));
            assertEquals(1, store.recoveryReport().problems().size(), problems(store));
        }
    }

    @Test
    void garbageAppendedToTheLastSegmentIsCut() throws Exception {
        fill(StoreOptions.defaults(), 20);
        byte[] garbage = new byte[1000];
        new Random(42).nextBytes(garbage);
        Path last = segmentFiles(dir).get(segmentFiles(dir).size() - 1);
        Files.write(last, garbage, StandardOpenOption.APPEND);
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            assertEquals(range("m", 0, 20), bodies(store, "q"));
            assertEquals(1000, store.recoveryReport().tornTailBytesCut());
        }
    }

    @Test
    void aZeroFilledTailIsCut() throws Exception {
        fill(StoreOptions.defaults(), 20);
        Path last = segmentFiles(dir).get(segmentFiles(dir).size() - 1);
        Files.write(last, new byte[4096], StandardOpenOption.APPEND);
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            assertEquals(range("m", 0, 20), bodies(store, "q"));
            assertEquals(4096, store.recoveryReport().tornTailBytesCut());
        }
    }

    @Test
    void aMissingMiddleSegmentIsReportedAndTheOthersRecovered() throws Exception {
        fill(smallSegments(), 200);
        List<Path> files = segmentFiles(dir);
        Files.delete(files.get(1));
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            List<String> got = bodies(store, "q");
            assertTrue(got.contains("m0") && got.contains("m199"));
            assertTrue(got.size() < 200);
            assertTrue(problems(store).contains(files.get(1).getFileName() + " is missing"), problems(store));
        }
    }

    @Test
    void aMissingSegmentWhoseHintRemainsIsReportedWithItsCountAndTheHintIsKept() throws Exception {
        List<SegmentPosition> positions = fill(smallSegments(), 200);
        List<Path> files = segmentFiles(dir);
        Path lastSegment = files.get(files.size() - 1);
        long lastSequence = positions.get(199).segment();
        long inLast = positions.stream().filter(p -> p.segment() == lastSequence).count();
        Files.delete(lastSegment);
        Path hint = dir.resolve("messages").resolve(HintFile.fileName(lastSequence));
        assertTrue(Files.exists(hint), "a clean close sealed the last segment's hint");
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            assertTrue(problems(store).contains(Segment.fileName(lastSequence) + " is missing: its hint lists "
                    + inLast + " published messages, lost"), problems(store));
            assertEquals(200 - inLast, bodies(store, "q").size());
        }
        assertTrue(Files.exists(hint.resolveSibling(hint.getFileName() + Recovery.ORPHAN_SUFFIX)),
                "the last evidence of the lost messages is moved aside, not deleted");
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            assertEquals(200 - inLast, bodies(store, "q").size(), "the kept hint is not replayed");
        }
    }

    @Test
    void aSegmentCutAtARecordBoundaryIsCaughtByItsHintAndTheLossCounted() throws Exception {
        List<SegmentPosition> positions = fill(smallSegments(), 200);
        SegmentPosition cutAt = positions.get(150);
        long afterCut = positions.stream()
                .filter(p -> p.segment() == cutAt.segment() && p.offset() >= cutAt.offset()).count();
        try (FileChannel ch = FileChannel.open(segmentPath(cutAt.segment()), StandardOpenOption.WRITE)) {
            ch.truncate(cutAt.offset()); // a whole number of records: scanning alone would see nothing wrong
        }
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            assertTrue(problems(store).contains(Segment.fileName(cutAt.segment()) + " is shorter (" + cutAt.offset()
                    + " bytes) than its hint says: the hint lists " + afterCut + " published messages past its end, "
                    + "lost"), problems(store));
            assertEquals(200 - afterCut, bodies(store, "q").size());
        }
    }

    @Test
    void garbageAfterACleanCloseIsReportedAsDamageAndKeptAside() throws Exception {
        fill(StoreOptions.defaults(), 20);
        Path last = segmentFiles(dir).get(segmentFiles(dir).size() - 1);
        long size = Files.size(last);
        Files.write(last, new byte[777], StandardOpenOption.APPEND);
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            assertEquals(range("m", 0, 20), bodies(store, "q"));
            assertTrue(problems(store).contains("777 unreadable bytes at its end although the store was closed "
                    + "cleanly: damage, not an unfinished write"), problems(store));
        }
        Path aside = last.resolveSibling(last.getFileName() + Recovery.CUT_TAIL_INFIX + size);
        assertEquals(777, Files.size(aside));
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            assertTrue(store.recoveryReport().clean(), "the kept bytes are not a segment: " + problems(store));
        }
    }

    @Test
    void storedMessagesWithoutAnyDefinitionsAreRefusedUnlessAllowed() throws Exception {
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            store.saveDefinitions(new Definitions(List.of(), List.of(new Definitions.QueueDef(VHOST, "q", false, null)),
                    List.of()));
            publishDurably(store, "a", "q");
            store.requireDefinitions();
        }
        Files.deleteIfExists(dir.resolve("definitions.a"));
        Files.deleteIfExists(dir.resolve("definitions.b"));
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            MissingDefinitionsException e = assertThrows(MissingDefinitionsException.class, store::requireDefinitions);
            assertEquals(1, e.storedMessages());
            assertTrue(e.getMessage().contains("neither definitions.a nor definitions.b exists"), e.getMessage());
        }
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults().withStartWithoutDefinitions(true))) {
            store.requireDefinitions();
            assertEquals(List.of("a"), bodies(store, "q"));
        }
    }

    @Test
    void anEmptyMiddleSegmentIsMovedAsideOnceAndAnEmptyLastOneRemoved() throws Exception {
        fill(smallSegments(), 200);
        List<Path> files = segmentFiles(dir);
        Files.write(files.get(1), new byte[0]);
        long nextSequence = SegmentLog.sequenceOf(files.get(files.size() - 1).getFileName().toString()) + 1;
        Path emptyLast = dir.resolve("messages").resolve(Segment.fileName(nextSequence));
        Files.createFile(emptyLast);
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            assertTrue(bodies(store, "q").contains("m199"));
            assertTrue(problems(store).contains("header truncated"), problems(store));
            assertTrue(problems(store).contains("incomplete header"), problems(store));
            assertTrue(Files.exists(dir.resolve("messages").resolve(files.get(1).getFileName() + ".damaged")));
        }
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            assertTrue(store.recoveryReport().clean(), "reported once: " + problems(store));
        }
    }

    @Test
    void aSegmentWithABadHeaderIsMovedAsideAndTheOthersRecovered() throws Exception {
        fill(smallSegments(), 500);
        List<Path> files = segmentFiles(dir);
        writeInt(files.get(2), 0, 0xDEADBEEF);
        writeShortVersion(files.get(3));
        try (DurableStore store = DurableStore.open(dir, smallSegments())) {
            List<String> got = bodies(store, "q");
            assertTrue(got.contains("m0") && got.contains("m499") && got.size() < 500, got.toString());
            assertTrue(problems(store).contains("bad magic 0xdeadbeef"), problems(store));
            assertTrue(problems(store).contains("header checksum mismatch"), problems(store));
        }
    }

    @Test
    void oneDamagedDefinitionsCopyFallsBackToTheOther() throws Exception {
        Definitions v1 = new Definitions(List.of(), List.of(new Definitions.QueueDef(VHOST, "q", false, null)), List.of());
        Definitions v2 = new Definitions(List.of(), List.of(new Definitions.QueueDef(VHOST, "q2", false, null)), List.of());
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            store.saveDefinitions(v1);
            store.saveDefinitions(v2);
        }
        flip(dir.resolve("definitions.b"), 30);
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            assertEquals(v1, store.definitions());
            assertTrue(problems(store).contains("definitions.b: checksum mismatch"), problems(store));
            store.saveDefinitions(v2);
        }
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            assertEquals(v2, store.definitions());
            assertTrue(store.recoveryReport().clean(), problems(store));
        }
    }

    @Test
    void bothDefinitionsDamagedStartsEmptyButKeepsTheMessages() throws Exception {
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            store.saveDefinitions(new Definitions(List.of(), List.of(new Definitions.QueueDef(VHOST, "q", false, null)),
                    List.of()));
            store.saveDefinitions(store.definitions());
            publishDurably(store, "a", "q");
            publishDurably(store, "b", "q", "other");
        }
        Files.write(dir.resolve("definitions.a"), new byte[] {1, 2, 3});
        flip(dir.resolve("definitions.b"), 5);
        try (DurableStore store = DurableStore.open(dir, StoreOptions.defaults())) {
            assertTrue(store.definitions().isEmpty());
            assertTrue(problems(store).contains("no valid definitions file"), problems(store));
            assertEquals(2, store.recoveryReport().orphanedMessages());
            assertEquals(List.of("a", "b"), bodies(store, "q"));
            assertEquals(Set.of(new StoredQueue(VHOST, "q", 2), new StoredQueue(VHOST, "other", 1)),
                    new HashSet<>(store.storedQueues()));
        }
    }

    @Test
    void randomDamageNeverStopsTheStoreFromOpeningNorInventsMessages() throws Exception {
        fill(smallSegments(), 150);
        Path pristine = Files.createTempDirectory(dir.getParent(), "pristine");
        copyTree(dir, pristine);
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int round = 0; round < 12; round++) {
            Path copy = Files.createTempDirectory(dir.getParent(), "fuzz");
            copyTree(pristine, copy);
            List<Path> files = new ArrayList<>(segmentFilesOf(copy));
            files.addAll(StoreTestSupport.hintFiles(copy));
            files.add(copy.resolve("definitions.a"));
            for (int k = 0; k < 1 + random.nextInt(6); k++) {
                Path f = files.get(random.nextInt(files.size()));
                long size = Files.exists(f) ? Files.size(f) : 0;
                if (size == 0) {
                    continue;
                }
                switch (random.nextInt(3)) {
                    case 0 -> flip(f, random.nextInt((int) size));
                    case 1 -> {
                        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                            ch.truncate(random.nextInt((int) size));
                        }
                    }
                    default -> Files.write(f, new byte[random.nextInt(100)], StandardOpenOption.APPEND);
                }
            }
            try (DurableStore store = DurableStore.open(copy, smallSegments())) {
                List<String> got = bodies(store, "q");
                for (String b : got) {
                    assertTrue(b.matches("m\\d+"), "seed " + seed + ": invented " + b);
                }
                List<String> sorted = new ArrayList<>(got);
                sorted.sort((a, b) -> Integer.compare(Integer.parseInt(a.substring(1)), Integer.parseInt(b.substring(1))));
                assertEquals(sorted, got, "seed " + seed + ": order kept");
            }
            try (DurableStore store = DurableStore.open(copy, smallSegments())) {
                assertEquals(0, store.recoveryReport().tornTailBytesCut(), "seed " + seed + ": repaired on first open");
            }
        }
    }

    // --- file surgery ---

    private Path segmentPath(long sequence) {
        return dir.resolve("messages").resolve(Segment.fileName(sequence));
    }

    private static List<Path> segmentFilesOf(Path d) throws IOException {
        return StoreTestSupport.segmentFiles(d);
    }

    static void flip(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.put(0, (byte) (b.get(0) ^ 0x5A)).rewind();
            ch.write(b, offset);
        }
    }

    static void writeInt(Path file, long offset, int value) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(4).putInt(0, value), offset);
        }
    }

    private static void writeShortVersion(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(2).putShort(0, (short) 99), 4);
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("LOCK")) {
                    Files.copy(p, target);
                }
            }
        }
    }
}
