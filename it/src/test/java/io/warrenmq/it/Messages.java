package io.warrenmq.it;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Small publishing and draining helpers shared by the ITs. Thread-safety: stateless; the channels
 * passed in must not be shared across threads.
 */
public final class Messages {
    /** Body of the marker {@link #routedBodies} sends to find the end of a queue. */
    private static final String END_MARKER = "\u0000end-of-test-marker";

    private Messages() {
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Publishes a text body to {@code queue} through the default exchange. */
    public static void sendToQueue(Channel channel, String queue, String body) throws IOException {
        channel.basicPublish("", queue, null, utf8(body));
    }

    /** Waits until the queue's declare-ok message count (ready messages) equals {@code expected}. */
    public static void awaitReady(Channel channel, String queue, long expected) {
        Await.until("queue '" + queue + "' to hold " + expected + " ready messages",
                () -> channel.messageCount(queue) == expected);
    }

    /** {@code basic.get}, retried until a message is there (requeues and routing may be asynchronous). */
    public static GetResponse getEventually(Channel channel, String queue, boolean autoAck) {
        return Await.result("a message in queue '" + queue + "'",
                () -> channel.basicGet(queue, autoAck), Objects::nonNull);
    }

    /** Gets (auto-ack) messages until the queue reports empty, returning their bodies. */
    public static List<String> drain(Channel channel, String queue) throws IOException {
        List<String> bodies = new ArrayList<>();
        GetResponse response;
        while ((response = channel.basicGet(queue, true)) != null) {
            bodies.add(text(response.getBody()));
        }
        return bodies;
    }

    /**
     * Everything that was routed to {@code queue} before this call, in queue order. Publishes an end
     * marker straight to the queue via the default exchange on the same channel, then gets messages
     * until the marker: AMQP keeps messages from one channel to one queue in publish order, so the
     * marker comes after everything this channel routed to the queue earlier, and any message a
     * broken router wrongly put there shows up in the list.
     */
    public static List<String> routedBodies(Channel channel, String queue) throws IOException {
        channel.basicPublish("", queue, null, utf8(END_MARKER));
        List<String> bodies = new ArrayList<>();
        while (true) {
            String body = text(getEventually(channel, queue, true).getBody());
            if (body.equals(END_MARKER)) {
                return bodies;
            }
            bodies.add(body);
        }
    }
}
