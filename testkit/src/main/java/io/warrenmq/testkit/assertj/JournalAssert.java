package io.warrenmq.testkit.assertj;

import io.warrenmq.testkit.journal.MessageJournal;
import io.warrenmq.testkit.journal.PublishedMessage;
import java.util.List;
import java.util.function.Predicate;
import org.assertj.core.api.AbstractObjectAssert;

/**
 * Assertions on what a {@link MessageJournal} holds now (no waiting: use the journal's
 * {@code await...} methods, or AssertJ's {@code await}, for what is still on its way). A missing
 * publish fails with the near misses: what was published to that exchange instead, the routing key
 * on other exchanges, and what was returned or dropped.
 */
public final class JournalAssert extends AbstractObjectAssert<JournalAssert, MessageJournal> {
    private String vhost;

    JournalAssert(MessageJournal actual) {
        super(actual, JournalAssert.class);
        vhost = actual == null ? "/" : actual.defaultVhost();
    }

    /** The assertions after this look in {@code vhost} (the default vhost until then). */
    public JournalAssert inVhost(String vhost) {
        this.vhost = vhost;
        return this;
    }

    /** The first message published to {@code exchange} with {@code routingKey}, for assertions on it. */
    public PublishedMessageAssert hasPublished(String exchange, String routingKey) {
        return find(exchange, m -> m.routingKey().equals(routingKey), routingKey,
                "with routing key '" + routingKey + "'");
    }

    /** The first message published to {@code exchange}, whatever its routing key. */
    public PublishedMessageAssert hasPublishedTo(String exchange) {
        return find(exchange, m -> true, null, "(any routing key)");
    }

    /** The first message published to {@code exchange} that {@code matches}; {@code described} says what it is in words. */
    public PublishedMessageAssert hasPublished(String exchange, Predicate<? super PublishedMessage> matches,
            String described) {
        return find(exchange, matches, null, described);
    }

    private PublishedMessageAssert find(String exchange, Predicate<? super PublishedMessage> matches,
            String routingKey, String wanted) {
        isNotNull();
        for (PublishedMessage m : actual.published(vhost, exchange)) {
            if (matches.test(m)) {
                return new PublishedMessageAssert(m);
            }
        }
        failWithMessage("%s", actual.describeMissingPublish(vhost, exchange, routingKey, wanted));
        return null; // not reached: failWithMessage throws
    }

    /** Every publish reached a queue: none was returned or dropped. */
    public JournalAssert hasNothingUnroutable() {
        isNotNull();
        List<PublishedMessage> unroutable = actual.unroutable();
        if (!unroutable.isEmpty()) {
            failWithMessage("%s", "expected every publish to reach a queue, but " + unroutable.size()
                    + " did not: " + unroutable);
        }
        return this;
    }
}
