package io.warrenmq.server.vhost;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.exchange.Binding;
import io.warrenmq.server.queue.Queue;
import io.warrenmq.store.Definitions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Converts between a vhost's live durable topology and the store's {@link Definitions}.
 *
 * <p>What is durable, as in RabbitMQ: durable exchanges other than the default and the
 * predeclared {@code amq.*} ones (which always exist); durable queues that are not exclusive;
 * bindings whose source and destination are both durable. Arguments travel as encoded field
 * tables, opaque to the store.
 */
public final class DefinitionsSnapshot {
    private DefinitionsSnapshot() {
    }

    static Definitions of(String vhost, Collection<Exchange> exchanges, Collection<Queue> queues) {
        List<Definitions.ExchangeDef> x = new ArrayList<>();
        List<Definitions.QueueDef> q = new ArrayList<>();
        List<Definitions.BindingDef> b = new ArrayList<>();
        for (Exchange e : exchanges) {
            if (e.durable() && !VirtualHost.isPredeclared(e.name())) {
                x.add(new Definitions.ExchangeDef(vhost, e.name(), e.type().wireName(), e.autoDelete(), e.internal(),
                        encode(e.arguments())));
            }
            if (e.durable() && !e.isDefault()) {
                for (Binding<BindingDestination> binding : e.router().bindings()) {
                    BindingDestination d = binding.destination();
                    if (isDurable(d)) {
                        b.add(new Definitions.BindingDef(vhost, e.name(), d.name(), d instanceof Queue,
                                binding.routingKey(), encode(FieldTable.of(binding.arguments()))));
                    }
                }
            }
        }
        for (Queue queue : queues) {
            if (isDurable(queue)) {
                q.add(new Definitions.QueueDef(vhost, queue.name(), queue.autoDelete(), encode(queue.arguments())));
            }
        }
        return new Definitions(x, q, b);
    }

    static boolean isDurable(BindingDestination d) {
        if (d instanceof Queue q) {
            return q.durable() && !q.exclusive();
        }
        return ((Exchange) d).durable();
    }

    public static byte[] encode(FieldTable table) {
        ByteBuf buf = Unpooled.buffer();
        try {
            table.write(buf);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }

    public static FieldTable decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return FieldTable.EMPTY;
        }
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            return FieldTable.read(buf);
        } finally {
            buf.release();
        }
    }

    static Map<String, Object> args(byte[] bytes) {
        return decode(bytes).asMap();
    }
}
