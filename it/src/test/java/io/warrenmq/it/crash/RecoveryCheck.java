package io.warrenmq.it.crash;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * Drains one durable queue after a restart and judges what came back against the {@link Ledger}.
 *
 * <p>The rules, none of them about timing:
 * <ol>
 *   <li><b>No confirmed message is lost</b>: every message routed to the queue, confirmed by the
 *       broker and never acked on this queue is there. Unconfirmed ones may or may not be.</li>
 *   <li><b>No duplicates</b>: a message appears at most once in the queue.</li>
 *   <li><b>Order</b>: per publisher (and cycle) sequence numbers only grow along the queue
 *       (AMQP 0-9-1 §4.7: messages from one channel through one exchange to one queue keep their
 *       order).</li>
 *   <li><b>Identity</b>: every body is intact (length and CRC), was published with a route to this
 *       queue, and keeps delivery-mode 2 and its message-id.</li>
 *   <li><b>Lost acks are only the newest ones</b>: the store may write acks lazily, so an acked
 *       message may come back; but acks are written in order, so if the ack at position
 *       <i>p</i> was lost, every later ack on this queue was lost too: each confirmed message acked
 *       at or after <i>p</i> must be back.</li>
 *   <li><b>No resurrection</b>: a message missing after one restart (unconfirmed, so allowed to
 *       be lost) stays missing after the later ones.</li>
 *   <li><b>Redelivered flag</b>: a message a client already received from this queue comes back
 *       with {@code redelivered} set (0-9-1 basic.deliver/get-ok: "this indicates that the message
 *       may have been previously delivered to this or another client").</li>
 * </ol>
 * The drain uses {@code basic.get} without auto-ack and acks what it got with multiple acks; those
 * acks are recorded in the queue's history after the check, so the next cycle judges them too.
 *
 * <p>Thread-safety: call from one thread, with no publisher or consumer running.
 */
public final class RecoveryCheck {
    private static final int ACK_BATCH = 64;
    private static final int MAX_LINES_PER_RULE = 20;

    /** One message as basic.get returned it; {@code id} is null when the body is damaged. */
    public record Recovered(MessageId id, boolean redelivered, AMQP.BasicProperties properties, String damage) {
    }

    /** The outcome for one queue: violations (empty when all rules hold) and counts for the log. */
    public record Report(String queue, List<String> violations, int recovered, int required,
                         int unconfirmedPresent, int ackedReappeared, int redelivered) {
        public String summary() {
            return String.format("%s: %d recovered (%d required, %d unconfirmed kept, %d acked came back,"
                    + " %d flagged redelivered)", queue, recovered, required, unconfirmedPresent, ackedReappeared,
                    redelivered);
        }
    }

    private final Ledger ledger;
    private final QueueHistory history;
    private final Map<String, List<String>> violations = new HashMap<>();

    private RecoveryCheck(Ledger ledger, QueueHistory history) {
        this.ledger = ledger;
        this.history = history;
    }

    /**
     * Drains {@code history.queue()} on {@code channel}, checks it, records the drain's acks and
     * settles the messages that were not there as gone for good.
     */
    public static Report drainAndCheck(Channel channel, QueueHistory history, Ledger ledger) throws IOException {
        List<Recovered> drained = drain(channel, history.queue());
        RecoveryCheck check = new RecoveryCheck(ledger, history);
        Report report = check.judge(drained);
        for (Recovered r : drained) {
            if (r.id() != null) {
                history.delivered(r.id());
                history.acked(r.id());
            }
        }
        history.settleMissing();
        return report;
    }

    private static List<Recovered> drain(Channel channel, String queue) throws IOException {
        List<Recovered> drained = new ArrayList<>();
        GetResponse response;
        long lastUnacked = 0;
        while ((response = channel.basicGet(queue, false)) != null) {
            MessageId id = null;
            String damage = null;
            try {
                id = TracedMessage.parse(response.getBody());
            } catch (IllegalArgumentException e) {
                damage = e.getMessage();
            }
            drained.add(new Recovered(id, response.getEnvelope().isRedeliver(), response.getProps(), damage));
            lastUnacked = response.getEnvelope().getDeliveryTag();
            if (drained.size() % ACK_BATCH == 0) {
                channel.basicAck(lastUnacked, true);
                lastUnacked = 0;
            }
        }
        if (lastUnacked != 0) {
            channel.basicAck(lastUnacked, true);
        }
        return drained;
    }

    private Report judge(List<Recovered> drained) {
        Set<MessageId> present = new HashSet<>();
        Map<String, MessageId> lastPerPublisher = new HashMap<>();
        int unconfirmedPresent = 0;
        List<MessageId> reappearedAcked = new ArrayList<>();
        for (Recovered r : drained) {
            if (r.id() == null) {
                violation("identity", "damaged body: " + r.damage());
                continue;
            }
            MessageId id = r.id();
            if (!present.add(id)) {
                violation("duplicates", id + " is in the queue more than once");
            }
            Route route = ledger.route(id);
            if (route == null || !route.queues().contains(history.queue())) {
                violation("identity", id + " was never published to this queue (route: " + route + ")");
            }
            checkProperties(id, r.properties());
            MessageId previous = lastPerPublisher.put(id.publisherKey(), id);
            if (previous != null && previous.sequence() >= id.sequence()) {
                violation("order", id + " comes after " + previous + " from the same publisher");
            }
            if (history.wasMissing(id)) {
                violation("no resurrection", id + " was missing after an earlier restart and is back now");
            }
            if (history.wasDelivered(id) && !r.redelivered()) {
                violation("redelivered flag", id + " was delivered to a client before but redelivered=false");
            }
            if (!ledger.isConfirmed(id)) {
                unconfirmedPresent++;
            }
            if (history.ackPosition(id) != null) {
                reappearedAcked.add(id);
            }
        }
        int required = 0;
        for (MessageId id : history.unacked()) {
            if (ledger.isConfirmed(id)) {
                required++;
                if (!present.contains(id)) {
                    violation("confirmed message lost", id + " (confirmed, never acked, route "
                            + ledger.route(id) + ") is missing");
                }
            }
        }
        checkLostAcksAreTheNewest(present, reappearedAcked);
        List<String> lines = new ArrayList<>();
        violations.forEach((rule, list) -> {
            lines.add("[" + rule + "] " + list.size() + " violation(s)" + (list.size() > MAX_LINES_PER_RULE
                    ? ", first " + MAX_LINES_PER_RULE : "") + ":");
            list.stream().limit(MAX_LINES_PER_RULE).forEach(line -> lines.add("    " + line));
        });
        return new Report(history.queue(), lines, drained.size(), required, unconfirmedPresent,
                reappearedAcked.size(), (int) drained.stream().filter(Recovered::redelivered).count());
    }

    private void checkLostAcksAreTheNewest(Set<MessageId> present, List<MessageId> reappearedAcked) {
        if (reappearedAcked.isEmpty()) {
            return;
        }
        MessageId oldestLost = null;
        long oldestLostPosition = Long.MAX_VALUE;
        for (MessageId id : reappearedAcked) {
            long position = history.ackPosition(id);
            if (position < oldestLostPosition) {
                oldestLostPosition = position;
                oldestLost = id;
            }
        }
        NavigableMap<Long, MessageId> later = history.acksFrom(oldestLostPosition);
        for (Map.Entry<Long, MessageId> ack : later.entrySet()) {
            MessageId id = ack.getValue();
            if (ledger.isConfirmed(id) && !present.contains(id)) {
                violation("lost acks are only the newest", "the ack of " + oldestLost + " (ack #"
                        + oldestLostPosition + " of " + history.ackCount() + " on this queue) was lost, so it is back,"
                        + " but the later ack of confirmed " + id + " (#" + ack.getKey() + ") took effect");
            }
        }
    }

    private void checkProperties(MessageId id, AMQP.BasicProperties properties) {
        Integer mode = properties == null ? null : properties.getDeliveryMode();
        if (mode == null || mode != 2) {
            violation("identity", id + " came back with delivery-mode " + mode + ", published with 2");
        }
        String messageId = properties == null ? null : properties.getMessageId();
        if (!id.toString().equals(messageId)) {
            violation("identity", id + " came back with message-id " + messageId);
        }
    }

    private void violation(String rule, String line) {
        violations.computeIfAbsent(rule, r -> new ArrayList<>()).add(line);
    }
}
