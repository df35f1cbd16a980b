package io.warrenmq.amqp10.broker;

import io.warrenmq.amqp10.codec.Descriptors;
import io.warrenmq.amqp10.codec.Fields;
import io.warrenmq.amqp10.codec.Terminus;
import io.warrenmq.amqp10.codec.Types.Described;
import io.warrenmq.amqp10.codec.Types.Symbol;
import io.warrenmq.amqp10.codec.Types.UInt;
import io.warrenmq.amqp10.codec.Types.ULong;
import io.warrenmq.codec.types.FieldTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A JMS subscription with a name: durable ({@code createDurableConsumer}), shared
 * ({@code createSharedConsumer}) or both. Its messages wait in one queue named from the
 * subscription (see {@link #queueName}); the subscription's definition (its address, selector,
 * no-local and shared flags) is kept in that queue's arguments, so that a later attach, after a
 * restart too, can tell whether it is the same subscription or one that replaces it.
 *
 * <p>qpid-jms's link names: the subscription name, {@code name|global} without a client ID,
 * {@code name|N} / {@code name|globalN} for the N-th shared durable consumer, and
 * {@code name|volatileN} / {@code name|global-volatileN} for shared non-durable ones; a subscription
 * name never contains {@code |}, so the name is what comes before the first one.
 */
record Subscription(String queue, boolean durable, boolean shared, String address, String selector,
        boolean noLocal) {
    static final String ADDRESS_ARG = "x-warren-jms-address";
    static final String SELECTOR_ARG = "x-warren-jms-selector";
    static final String NO_LOCAL_ARG = "x-warren-jms-no-local";
    static final String SHARED_ARG = "x-warren-jms-shared";
    private static final Symbol GLOBAL = Symbol.of("global");
    private static final Symbol SHARED = Symbol.of("shared");

    /** The subscription an attach names, or null for a plain (non-durable, non-shared) subscriber. */
    static Subscription of(String linkName, String containerId, Terminus source, String selector, boolean noLocal) {
        boolean durable = source.durable() != 0 || Terminus.NEVER.equals(source.expiryPolicy());
        boolean shared = source.capabilities().contains(SHARED);
        if (!durable && !shared) {
            return null;
        }
        boolean global = source.capabilities().contains(GLOBAL);
        String queue = queueName(durable, global, containerId, subscriptionName(linkName));
        if (queue.getBytes(StandardCharsets.UTF_8).length > 255) {
            // a 0-9-1 queue name is a shortstr
            throw new IllegalArgumentException("client ID and subscription name make a queue name over 255 bytes: '"
                    + queue + "'");
        }
        return new Subscription(queue, durable, shared, source.address(), selector, noLocal);
    }

    static String subscriptionName(String linkName) {
        int bar = linkName.indexOf('|');
        return bar < 0 ? linkName : linkName.substring(0, bar);
    }

    /**
     * {@code jms.durable.<client-id>|<name>} and {@code jms.shared.<client-id>|<name>}; without a
     * client ID ({@code global}) {@code jms.durable|<name>} and {@code jms.shared|<name>}. The name
     * has no {@code |}, so the last one separates it from a client ID that might.
     */
    static String queueName(boolean durable, boolean global, String containerId, String name) {
        return (durable ? "jms.durable" : "jms.shared") + (global ? "" : "." + containerId) + "|" + name;
    }

    /** The queue for a null-source lookup (unsubscribe): only durable subscriptions are looked up. */
    static String lookupQueue(String linkName, String containerId, List<Symbol> desiredCapabilities) {
        return queueName(true, desiredCapabilities.contains(GLOBAL), containerId, subscriptionName(linkName));
    }

    /** A durable queue; a shared non-durable one is the connection's when it has a client ID. */
    boolean durableQueue() {
        return durable || queue.startsWith("jms.shared|");
    }

    boolean exclusiveQueue() {
        return !durableQueue();
    }

    boolean autoDelete() {
        return !durable;
    }

    FieldTable arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(ADDRESS_ARG, address);
        if (selector != null) {
            m.put(SELECTOR_ARG, selector);
        }
        m.put(NO_LOCAL_ARG, noLocal);
        m.put(SHARED_ARG, shared);
        return FieldTable.of(m);
    }

    /** Whether a queue declared with {@code existing} holds this same subscription. */
    boolean sameAs(FieldTable existing) {
        Map<String, Object> e = existing.asMap();
        return Objects.equals(address, text(e.get(ADDRESS_ARG))) && Objects.equals(selector, text(e.get(SELECTOR_ARG)))
                && Boolean.valueOf(noLocal).equals(e.get(NO_LOCAL_ARG))
                && Boolean.valueOf(shared).equals(e.get(SHARED_ARG));
    }

    /** Whether {@code arguments} are a subscription queue's (not a queue that merely has the name). */
    static boolean isSubscription(FieldTable arguments) {
        return arguments.containsKey(ADDRESS_ARG);
    }

    /**
     * The source a null-source lookup is answered with: the subscription as it was attached (address,
     * durable, expiry never, its filters), so qpid-jms sees that it exists.
     */
    static Described sourceOf(FieldTable arguments) {
        Map<String, Object> e = arguments.asMap();
        Map<Object, Object> filter = new LinkedHashMap<>();
        String selector = text(e.get(SELECTOR_ARG));
        if (selector != null) {
            filter.put(Symbol.of("jms-selector"), new Described(new ULong(Filters.SELECTOR_CODE), selector));
        }
        if (Boolean.TRUE.equals(e.get(NO_LOCAL_ARG))) {
            filter.put(Symbol.of("no-local"), new Described(new ULong(Filters.NO_LOCAL_CODE), List.of()));
        }
        List<Object> caps = new ArrayList<>();
        caps.add(Symbol.of("topic"));
        if (Boolean.TRUE.equals(e.get(SHARED_ARG))) {
            caps.add(SHARED);
        }
        return new Described(new ULong(Descriptors.SOURCE), Fields.trim(text(e.get(ADDRESS_ARG)), UInt.of(2),
                Terminus.NEVER, null, null, null, Symbol.of("copy"), filter.isEmpty() ? null : filter, null, null,
                Fields.symbolsValue(caps.stream().map(Symbol.class::cast).toList())));
    }

    private static String text(Object v) {
        return v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : (String) v;
    }
}
