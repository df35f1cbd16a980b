package io.warrenmq.testkit.journal;

import com.rabbitmq.client.AMQP;
import io.warrenmq.server.observe.MessageObserver.Routing;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One message as the journal saw it published (or, {@link #deadLettered()}, republished by a
 * queue's dead-lettering): a copy, never the broker's buffers.
 *
 * @param sequence the journal's order of events (publishes and dead-letterings), from 1 after each clear
 * @param vhost the virtual host it was published in
 * @param exchange the exchange it was published to ({@code ""}: the default exchange; the
 *     dead-letter exchange for a dead-lettered message)
 * @param routingKey its routing key
 * @param mandatory the publish's mandatory flag
 * @param properties its basic properties as the RabbitMQ Java client decodes them
 * @param headers its headers, empty when none; long strings as {@code String}, also nested
 * @param body a copy of its body (the array is shared with other views of the same message: do not modify it)
 * @param queues the queues the publish was routed to, in routing order (empty when unroutable; for a
 *     dead-lettered message, see {@link MessageJournal#received})
 * @param routing {@code ROUTED}, {@code RETURNED} (unroutable, mandatory: {@code basic.return}) or
 *     {@code DROPPED} (unroutable, not mandatory)
 * @param deadLettered whether a queue dead-lettered it rather than a client publishing it
 */
public record PublishedMessage(long sequence, String vhost, String exchange, String routingKey, boolean mandatory,
        AMQP.BasicProperties properties, Map<String, Object> headers, byte[] body, List<String> queues,
        Routing routing, boolean deadLettered) {

    /** The body decoded as UTF-8. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** One header (long strings as {@code String}), or null. */
    public Object header(String name) {
        return headers.get(name);
    }

    /** Whether it reached at least one queue (or a direct reply-to consumer). */
    public boolean routed() {
        return routing == Routing.ROUTED;
    }

    /** Whether it came back to its publisher with {@code basic.return}. */
    public boolean returned() {
        return routing == Routing.RETURNED;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(deadLettered ? "dead-lettered message to exchange '" : "message to exchange '")
                .append(exchange).append("' with routing key '").append(routingKey).append("' → ");
        switch (routing) {
            case ROUTED -> s.append(deadLettered ? "dead-letter queues" : "queues " + queues);
            case RETURNED -> s.append("returned (mandatory, unroutable)");
            case DROPPED -> s.append("dropped (unroutable)");
        }
        if (!"/".equals(vhost)) {
            s.append(" in vhost '").append(vhost).append('\'');
        }
        return s.append(" (").append(body.length).append(" bytes: ").append(preview()).append(')').toString();
    }

    private String preview() {
        String t = text();
        return t.length() > 40 ? t.substring(0, 40) + "…" : t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublishedMessage m && sequence == m.sequence && vhost.equals(m.vhost)
                && exchange.equals(m.exchange) && routingKey.equals(m.routingKey) && mandatory == m.mandatory
                && properties.equals(m.properties) && Arrays.equals(body, m.body) && queues.equals(m.queues)
                && routing == m.routing && deadLettered == m.deadLettered;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sequence) * 31 + Arrays.hashCode(body);
    }
}
