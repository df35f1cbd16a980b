package io.warrenmq.testkit.assertj;

import io.warrenmq.server.observe.MessageObserver.Settlement;
import io.warrenmq.testkit.journal.DeliveredMessage;
import java.util.Objects;
import org.assertj.core.api.AbstractObjectAssert;

/**
 * Assertions on one {@link DeliveredMessage}: who got it, the redelivered flag, and how the client
 * settled it (a snapshot: take the delivery from the journal again for a later state). Each failure
 * names the actual value and the whole delivery.
 */
public final class DeliveredMessageAssert extends AbstractObjectAssert<DeliveredMessageAssert, DeliveredMessage> {
    DeliveredMessageAssert(DeliveredMessage actual) {
        super(actual, DeliveredMessageAssert.class);
    }

    private DeliveredMessageAssert check(boolean ok, String expectation, Object was) {
        isNotNull();
        if (!ok) {
            failWithMessage("%s", "expected " + expectation + ", but it " + was + "; the delivery: " + actual);
        }
        return this;
    }

    public DeliveredMessageAssert wasDeliveredTo(String consumerTag) {
        isNotNull();
        return check(Objects.equals(actual.consumerTag(), consumerTag), "a delivery to consumer '" + consumerTag + "'",
                actual.viaGet() ? "was taken by basic.get" : "went to '" + actual.consumerTag() + "'");
    }

    public DeliveredMessageAssert wasTakenByGet() {
        isNotNull();
        return check(actual.viaGet(), "a basic.get", "went to consumer '" + actual.consumerTag() + "'");
    }

    public DeliveredMessageAssert wasRedelivered() {
        isNotNull();
        return check(actual.redelivered(), "the redelivered flag", "was a first delivery");
    }

    public DeliveredMessageAssert wasAcked() {
        return settled(Settlement.ACKED, "acknowledged");
    }

    /** Back to its queue: nack or reject with requeue, recover, or its channel closed. */
    public DeliveredMessageAssert wasRequeued() {
        return settled(Settlement.REQUEUED, "requeued");
    }

    /** Nack or reject without requeue. */
    public DeliveredMessageAssert wasRejected() {
        return settled(Settlement.REJECTED, "rejected");
    }

    /** Delivered with manual acknowledgement and not settled (yet, when the journal was read). */
    public DeliveredMessageAssert isUnacknowledged() {
        isNotNull();
        return check(!actual.autoAck() && actual.settlement() == null, "it to be unacknowledged", settlement());
    }

    /** Assertions on the message that was delivered. */
    public PublishedMessageAssert message() {
        isNotNull();
        return new PublishedMessageAssert(actual.message());
    }

    private DeliveredMessageAssert settled(Settlement s, String words) {
        isNotNull();
        return check(actual.settlement() == s, "it to be " + words, settlement());
    }

    private String settlement() {
        if (actual.autoAck()) {
            return "was delivered with automatic acknowledgement";
        }
        return actual.settlement() == null ? "is unacknowledged" : "was " + actual.settlement().name().toLowerCase();
    }
}
