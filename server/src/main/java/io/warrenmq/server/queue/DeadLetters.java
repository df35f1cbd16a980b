package io.warrenmq.server.queue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.warrenmq.codec.types.BasicProperties;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.exchange.Headers;
import io.warrenmq.server.clock.BrokerClock;
import io.warrenmq.server.vhost.Exchange;
import io.warrenmq.server.vhost.RouteWalk;
import io.warrenmq.server.vhost.SenderSelected;
import io.warrenmq.server.vhost.VirtualHost;
import io.warrenmq.store.DurableStore;
import io.warrenmq.store.Message;
import io.warrenmq.store.QueueEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Republishes a queue's dead messages to its {@code x-dead-letter-exchange}: with the
 * {@code x-death} header, without {@code expiration}, under {@code x-dead-letter-routing-key} (and
 * then without {@code CC}) or else the original routing key and CC keys, persisted again for
 * durable targets (as RabbitMQ does). The BCC keys of the original publish are not kept with the
 * message, so unlike RabbitMQ they do not route its dead letters.
 *
 * <p>Thread-safety: confined to the owning queue's loop (one instance per queue).
 */
final class DeadLetters {
    private final Queue queue;
    /** Made on the first dead-lettering: most queues never dead-letter, and every queue has one of these. */
    private RouteWalk routeWalk;
    /** x-death's {@code time}: the broker's clock, so a virtual clock's dead letters carry virtual time. */
    private final BrokerClock clock;

    DeadLetters(Queue queue, BrokerClock clock) {
        this.queue = queue;
        this.clock = clock;
    }

    /** Takes ownership of {@code entry} (already removed from the queue and from the store). */
    void deadLetter(QueueEntry entry, String reason, String exchangeName, String routingKeyOverride) {
        VirtualHost vhost = queue.vhost();
        Exchange exchange = exchangeName == null ? null : vhost.exchange(exchangeName);
        if (exchange == null) {
            entry.release();
            return;
        }
        Message m = entry.message();
        try {
            BasicProperties props = BasicProperties.read(m.properties().duplicate());
            FieldTable original = props.headers() == null ? FieldTable.EMPTY : props.headers();
            // x-death's routing-keys: the publish key and the CC keys (BCC ones are not recorded)
            List<String> ccKeys = SenderSelected.ccKeysOrNone(original.get(SenderSelected.CC));
            List<String> deathKeys = new ArrayList<>(1 + ccKeys.size());
            deathKeys.add(m.routingKey());
            deathKeys.addAll(ccKeys);
            FieldTable withDeath = DeathHeaders.add(original, reason, queue.name(), m.exchange(), deathKeys,
                    props.expiration(), Instant.ofEpochMilli(clock.currentTimeMillis()));
            String routingKey = m.routingKey();
            List<String> moreKeys = ccKeys;
            if (routingKeyOverride != null) {
                // RabbitMQ: x-dead-letter-routing-key replaces every routing key, so CC goes too
                routingKey = routingKeyOverride;
                moreKeys = List.of();
                withDeath = withDeath.without(SenderSelected.CC);
            }
            FieldTable headers = withDeath;
            BasicProperties newProps = props.withHeaders(headers).withExpiration(null);
            if (routeWalk == null) {
                routeWalk = new RouteWalk();
            }
            List<Queue> targets = new ArrayList<>(routeWalk.route(vhost, exchange, routingKey, moreKeys,
                    Headers.of(headers.asMap())));
            if (!DeathHeaders.REJECTED.equals(reason)) {
                targets.removeIf(t -> DeathHeaders.isCycle(headers, t.name()));
            }
            if (targets.isEmpty()) {
                return;
            }
            ByteBuf raw = ByteBufAllocator.DEFAULT.buffer();
            newProps.write(raw);
            Message dead = new Message(exchange.name(), routingKey, raw, m.body().retain(), m.persistent());
            try {
                long storeId = m.persistent() ? persist(vhost.store(), targets, dead) : -1;
                for (Queue t : targets) {
                    QueueEntry e = new QueueEntry(dead.retain());
                    if (storeId >= 0 && t.persistsMessages()) {
                        e.storeId(storeId);
                    }
                    t.enqueue(e);
                }
            } finally {
                dead.release();
            }
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(DeadLetters.class).warn("{}: dead-lettering failed, message dropped: {}", queue, e.toString());
        } finally {
            entry.release();
        }
    }

    private static long persist(DurableStore store, List<Queue> targets, Message dead) {
        if (store == null) {
            return -1;
        }
        List<String> durable = new ArrayList<>();
        for (Queue t : targets) {
            if (t.persistsMessages()) {
                durable.add(t.name());
            }
        }
        if (durable.isEmpty()) {
            return -1;
        }
        return store.publish(t0(targets).vhost().name(), durable, dead.exchange(), dead.routingKey(), dead.properties(),
                dead.body(), () -> { }, failure -> LoggerFactory.getLogger(DeadLetters.class)
                        .error("storing a dead-lettered message failed: {}", failure.toString()));
    }

    private static Queue t0(List<Queue> targets) {
        return targets.get(0);
    }
}
