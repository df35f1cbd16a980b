package io.warrenmq.amqp10.broker;

import io.warrenmq.codec.types.BasicProperties;
import io.warrenmq.codec.types.FieldTable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * No-local's bookkeeping: which AMQP 1.0 connection published a message. While at least one
 * no-local subscriber is attached (on any connection of this broker), the bridge stamps each
 * message an AMQP 1.0 connection publishes to an exchange with the header {@value #HEADER} (a
 * random id per connection); a no-local subscriber settles away those carrying its own
 * connection's id, and the header is left out when a message is delivered over AMQP 1.0.
 *
 * <p>Why this narrow: 0-9-1 publishes are never stamped and the broker's code is unchanged, so
 * 0-9-1 traffic pays nothing; AMQP 1.0 publishes pay one header only while a no-local subscriber
 * exists, and only to exchanges (JMS no-local is about topics). A 0-9-1 consumer of a stamped
 * message does see the header.
 *
 * <p>Thread-safety: the count is an atomic, changed on the subscribers' loops and read on the
 * publishers'.
 */
final class Origins {
    static final String HEADER = "x-warren-origin";

    private final AtomicInteger noLocalSubscribers = new AtomicInteger();

    void subscribed() {
        noLocalSubscribers.incrementAndGet();
    }

    void unsubscribed() {
        noLocalSubscribers.decrementAndGet();
    }

    /** {@code p} as published by {@code origin} to an exchange: stamped while anyone needs it. */
    BasicProperties stamp(BasicProperties p, String origin) {
        if (noLocalSubscribers.get() == 0) {
            return p;
        }
        Map<String, Object> headers = p.headers() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(p.headers().asMap());
        headers.put(HEADER, origin);
        return p.withHeaders(FieldTable.of(headers));
    }

    static boolean publishedBy(BasicProperties p, String origin) {
        if (p.headers() == null) {
            return false;
        }
        Object v = p.headers().asMap().get(HEADER);
        return v instanceof String s ? s.equals(origin)
                : v instanceof byte[] b && origin.equals(new String(b, java.nio.charset.StandardCharsets.UTF_8));
    }
}
