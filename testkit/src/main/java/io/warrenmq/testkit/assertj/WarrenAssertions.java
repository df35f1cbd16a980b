package io.warrenmq.testkit.assertj;

import io.warrenmq.testkit.WarrenBroker;
import io.warrenmq.testkit.journal.DeliveredMessage;
import io.warrenmq.testkit.journal.MessageJournal;
import io.warrenmq.testkit.journal.PublishedMessage;

/**
 * AssertJ entry points for the testkit: the journal's records, the journal itself, and a broker's
 * queues. Failures say what is there instead (the message's actual fields; for a search of the
 * journal, the near misses {@link MessageJournal#awaitPublished} lists; for a queue, what the
 * journal saw it receive and deliver).
 *
 * <pre>{@code
 * import static io.warrenmq.testkit.assertj.WarrenAssertions.assertThat;
 *
 * assertThat(broker.journal()).hasPublished("orders", "order.created")
 *         .hasHeader("tenant", "acme").hasBodyText("{\"id\":1}").reachedQueues("orders.audit");
 * assertThat(broker).queue("orders.audit").hasDepth(1).hasConsumers(0);
 * }</pre>
 *
 * <p>AssertJ is an optional dependency of the testkit: a project that uses these adds
 * {@code org.assertj:assertj-core} itself; nothing else in the testkit loads this package.
 *
 * <p>Thread-safety: stateless; each assertion reads the journal or the broker once per check.
 */
public final class WarrenAssertions {
    private WarrenAssertions() {
    }

    /** Assertions on one published (or dead-lettered) message the journal recorded. */
    public static PublishedMessageAssert assertThat(PublishedMessage actual) {
        return new PublishedMessageAssert(actual);
    }

    /** Assertions on one delivery the journal recorded: to whom, redelivered, how it was settled. */
    public static DeliveredMessageAssert assertThat(DeliveredMessage actual) {
        return new DeliveredMessageAssert(actual);
    }

    /** Assertions on what the journal recorded: a publish is there (then on that message), or none reached no queue. */
    public static JournalAssert assertThat(MessageJournal actual) {
        return new JournalAssert(actual);
    }

    /** Assertions on a running test broker: {@code .queue(name)} for a queue's depth and consumers. */
    public static BrokerAssert assertThat(WarrenBroker actual) {
        return new BrokerAssert(actual);
    }
}
