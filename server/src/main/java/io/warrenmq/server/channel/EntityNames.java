package io.warrenmq.server.channel;

/**
 * Exchange and queue names as RabbitMQ takes them from a client: every LF and CR removed
 * (rabbit_channel:strip_cr_lf), so "a\nb" and "ab" name one object. RabbitMQ does this where a
 * method creates, deletes, binds or passively declares an entity (exchange.declare/delete/bind/unbind,
 * queue.declare/delete/bind/unbind), not for basic.publish, basic.consume, basic.get or queue.purge,
 * nor for routing keys.
 *
 * <p>Stateless.
 */
final class EntityNames {
    private EntityNames() {
    }

    static String strip(String name) {
        if (name.indexOf('\n') < 0 && name.indexOf('\r') < 0) {
            return name; // why: the common case allocates nothing
        }
        StringBuilder kept = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '\n' && c != '\r') {
                kept.append(c);
            }
        }
        return kept.toString();
    }
}
