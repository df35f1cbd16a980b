package io.warrenmq.it.crash;

/**
 * Identity of one message the crash test published: the kill/restart cycle it was published in,
 * the publisher (one connection each) and that publisher's own sequence number, starting at 1.
 * Thread-safety: immutable.
 */
public record MessageId(int cycle, int publisher, int sequence) implements Comparable<MessageId> {

    /** The key under which per-publisher publish order is checked: sequences within one key only grow. */
    public String publisherKey() {
        return "cycle " + cycle + " publisher " + publisher;
    }

    @Override
    public int compareTo(MessageId other) {
        int c = Integer.compare(cycle, other.cycle);
        if (c == 0) {
            c = Integer.compare(publisher, other.publisher);
        }
        return c != 0 ? c : Integer.compare(sequence, other.sequence);
    }

    @Override
    public String toString() {
        return "c" + cycle + "-p" + publisher + "-s" + sequence;
    }
}
