package io.warrenmq.testkit.assertj;

import com.rabbitmq.client.AMQP;
import io.warrenmq.server.observe.MessageObserver;
import io.warrenmq.testkit.journal.PublishedMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.assertj.core.api.AbstractObjectAssert;

/**
 * Assertions on one {@link PublishedMessage}: where it was published, its routing key, headers,
 * properties and body, and what routing did with it. Each failure names the field, its actual
 * value, and the whole message.
 */
public final class PublishedMessageAssert extends AbstractObjectAssert<PublishedMessageAssert, PublishedMessage> {
    /** The basic properties by their AMQP names, as the management API and rabbitmqadmin spell them. */
    private static final Map<String, Function<AMQP.BasicProperties, Object>> PROPERTIES = Map.ofEntries(
            Map.entry("content_type", AMQP.BasicProperties::getContentType),
            Map.entry("content_encoding", AMQP.BasicProperties::getContentEncoding),
            Map.entry("delivery_mode", AMQP.BasicProperties::getDeliveryMode),
            Map.entry("priority", AMQP.BasicProperties::getPriority),
            Map.entry("correlation_id", AMQP.BasicProperties::getCorrelationId),
            Map.entry("reply_to", AMQP.BasicProperties::getReplyTo),
            Map.entry("expiration", AMQP.BasicProperties::getExpiration),
            Map.entry("message_id", AMQP.BasicProperties::getMessageId),
            Map.entry("timestamp", AMQP.BasicProperties::getTimestamp),
            Map.entry("type", AMQP.BasicProperties::getType),
            Map.entry("user_id", AMQP.BasicProperties::getUserId),
            Map.entry("app_id", AMQP.BasicProperties::getAppId),
            Map.entry("cluster_id", AMQP.BasicProperties::getClusterId));

    PublishedMessageAssert(PublishedMessage actual) {
        super(actual, PublishedMessageAssert.class);
    }

    private PublishedMessageAssert check(boolean ok, String expectation, Object was) {
        isNotNull();
        if (!ok) {
            failWithMessage("%s", "expected " + expectation + ", but it " + was + "; the message: " + actual);
        }
        return this;
    }

    public PublishedMessageAssert hasRoutingKey(String routingKey) {
        isNotNull();
        return check(actual.routingKey().equals(routingKey), "routing key '" + routingKey + "'",
                "had '" + actual.routingKey() + "'");
    }

    /** Published to this exchange ({@code ""}: the default exchange). */
    public PublishedMessageAssert wasPublishedTo(String exchange) {
        isNotNull();
        return check(actual.exchange().equals(exchange), "a publish to exchange '" + exchange + "'",
                "went to '" + actual.exchange() + "'");
    }

    public PublishedMessageAssert hasHeader(String name) {
        isNotNull();
        return check(actual.headers().containsKey(name), "header '" + name + "'", "had headers " + actual.headers());
    }

    /** A header with this value (long strings compare as {@code String}). */
    public PublishedMessageAssert hasHeader(String name, Object value) {
        isNotNull();
        Object was = actual.header(name);
        return check(actual.headers().containsKey(name) && Objects.equals(was, value),
                "header '" + name + "' = " + describe(value), actual.headers().containsKey(name)
                        ? "was " + describe(was) : "had no such header (headers " + actual.headers() + ")");
    }

    /**
     * A basic property with this value, by its AMQP name: {@code content_type}, {@code
     * content_encoding}, {@code delivery_mode}, {@code priority}, {@code correlation_id}, {@code
     * reply_to}, {@code expiration}, {@code message_id}, {@code timestamp}, {@code type}, {@code
     * user_id}, {@code app_id}, {@code cluster_id}. A property that was not set is null.
     */
    public PublishedMessageAssert hasProperty(String name, Object value) {
        Function<AMQP.BasicProperties, Object> getter = PROPERTIES.get(name);
        if (getter == null) {
            throw new IllegalArgumentException("no basic property '" + name + "'; the properties are "
                    + List.copyOf(new java.util.TreeSet<>(PROPERTIES.keySet())));
        }
        isNotNull();
        Object was = getter.apply(actual.properties());
        return check(Objects.equals(was, value), "property " + name + " = " + describe(value), "was " + describe(was));
    }

    public PublishedMessageAssert hasContentType(String contentType) {
        return hasProperty("content_type", contentType);
    }

    public PublishedMessageAssert hasCorrelationId(String correlationId) {
        return hasProperty("correlation_id", correlationId);
    }

    public PublishedMessageAssert hasMessageId(String messageId) {
        return hasProperty("message_id", messageId);
    }

    /** The body, decoded as UTF-8, is exactly this text. */
    public PublishedMessageAssert hasBodyText(String text) {
        isNotNull();
        return check(actual.text().equals(text), "body " + describe(text), "was " + describe(actual.text()));
    }

    public PublishedMessageAssert hasBodyContaining(String text) {
        isNotNull();
        return check(actual.text().contains(text), "a body containing " + describe(text),
                "was " + describe(actual.text()));
    }

    public PublishedMessageAssert hasBody(byte[] body) {
        isNotNull();
        return check(Arrays.equals(actual.body(), body), "a body of " + body.length + " bytes "
                + Arrays.toString(Arrays.copyOf(body, Math.min(body.length, 16))) + (body.length > 16 ? "…" : ""),
                "had " + actual.body().length + " bytes "
                        + Arrays.toString(Arrays.copyOf(actual.body(), Math.min(actual.body().length, 16)))
                        + (actual.body().length > 16 ? "…" : ""));
    }

    /** Routed to exactly these queues, in any order (for a dead-lettered message, see the journal's {@code received}). */
    public PublishedMessageAssert reachedQueues(String... queues) {
        isNotNull();
        List<String> wanted = List.of(queues);
        return check(actual.queues().size() == wanted.size() && new HashSet<>(actual.queues()).equals(new HashSet<>(wanted)),
                "it to reach queues " + wanted, routingWas());
    }

    /** Routed to this queue, maybe among others. */
    public PublishedMessageAssert reachedQueue(String queue) {
        isNotNull();
        return check(actual.queues().contains(queue), "it to reach queue '" + queue + "'", routingWas());
    }

    public PublishedMessageAssert wasRouted() {
        isNotNull();
        return check(actual.routed(), "it to be routed to a queue", routingWas());
    }

    /** Unroutable and mandatory: it came back with {@code basic.return}. */
    public PublishedMessageAssert wasReturned() {
        isNotNull();
        return check(actual.returned(), "it to be returned (mandatory, unroutable)", routingWas());
    }

    /** Unroutable and not mandatory: the broker dropped it. */
    public PublishedMessageAssert wasDropped() {
        isNotNull();
        return check(actual.routing() == MessageObserver.Routing.DROPPED, "it to be dropped (unroutable)",
                routingWas());
    }

    private String routingWas() {
        return switch (actual.routing()) {
            case ROUTED -> "reached " + actual.queues();
            case RETURNED -> "was returned (mandatory, unroutable)";
            case DROPPED -> "was dropped (unroutable)";
        };
    }

    private static String describe(Object value) {
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        if (value instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return value == null ? "null" : value + " (" + value.getClass().getSimpleName() + ")";
    }
}
