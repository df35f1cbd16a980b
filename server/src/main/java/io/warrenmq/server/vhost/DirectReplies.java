package io.warrenmq.server.vhost;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live direct reply-to names of a vhost, each mapped to the channel consuming its replies.
 *
 * <p>RabbitMQ's direct reply-to has no queue: the request's {@code reply-to} is rewritten to
 * {@code amq.rabbitmq.reply-to.<key>} and a publish to the default exchange with that routing key
 * goes straight to the requesting channel. The key is random and unguessable (why: it is the
 * only thing that lets a responder write into another connection's channel).
 *
 * <p>Thread-safety: a concurrent map; channels register and unregister from their own loops,
 * responders look up from theirs.
 */
public final class DirectReplies {
    /** The pseudo-queue a requester consumes from, and the reply-to value it publishes with. */
    public static final String PSEUDO_QUEUE = "amq.rabbitmq.reply-to";
    /** Prefix of the generated names. */
    public static final String PREFIX = PSEUDO_QUEUE + ".";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, ReplyTarget> targets = new ConcurrentHashMap<>();

    /** Registers a new reply name for {@code target} and returns it. */
    public String register(ReplyTarget target) {
        while (true) {
            byte[] key = new byte[18];
            RANDOM.nextBytes(key);
            String name = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(key);
            if (targets.putIfAbsent(name, target) == null) {
                return name;
            }
        }
    }

    public void unregister(String name) {
        targets.remove(name);
    }

    /** The consumer of a reply name, or null when it is gone (or never existed). */
    public ReplyTarget target(String name) {
        return targets.get(name);
    }

    public static boolean isReplyName(String name) {
        return name.startsWith(PREFIX);
    }
}
