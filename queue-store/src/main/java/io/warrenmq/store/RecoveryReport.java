package io.warrenmq.store;

import java.time.Duration;
import java.util.List;

/**
 * What {@link DurableStore#open} found: how much it read and everything it skipped or repaired.
 * An empty {@link #problems()} list means a clean recovery.
 *
 * @param segmentsScanned   segment files read record by record (no usable hint file; damaged ones included)
 * @param segmentsFromHints segments whose records were replayed from their hint file instead of being read
 * @param recordsRead       records replayed: read with a valid checksum, or taken from a verified hint
 * @param messagesRecovered live messages after replay (each counted once however many queues hold it)
 * @param tornTailBytesCut  bytes truncated from the end of the last segment (a write cut short by a crash)
 * @param problems          one human-readable line per damage found, naming file and offset (a hint file
 *                          that was not used is a line too, though nothing is lost: its segment was scanned)
 * @param took              wall time of the recovery
 * @param orphanedMessages  live messages held only by queues the definitions do not know (kept on disk)
 */
public record RecoveryReport(int segmentsScanned, int segmentsFromHints, long recordsRead, long messagesRecovered, long tornTailBytesCut,
                             List<String> problems, Duration took, long orphanedMessages) {

    public RecoveryReport {
        problems = List.copyOf(problems);
    }

    /** True when nothing was damaged, cut or orphaned. */
    public boolean clean() {
        return problems.isEmpty();
    }
}
