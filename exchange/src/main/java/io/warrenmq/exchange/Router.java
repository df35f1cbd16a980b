package io.warrenmq.exchange;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The bindings of one exchange and the routing rule of its type: given a published message, which destinations
 * receive a copy. {@code D} is the destination type (a queue or an exchange object), compared with equals/hashCode.
 *
 * <p>Thread-safety: {@link #route} is lock-free and may be called concurrently from any number of threads (the
 * Netty event loops) while another thread mutates; mutations ({@link #bind}, {@link #unbind},
 * {@link #removeDestination}) are serialized by the router. A route sees each binding either before or after a
 * concurrent mutation, never a torn structure. All other methods are safe from any thread.
 */
public interface Router<D> {

    /** A new, empty router for the given exchange type. */
    static <D> Router<D> create(ExchangeType type) {
        return type.newRouter();
    }

    /**
     * Adds a binding; false if an identical binding (same destination, routing key and arguments) exists.
     * For headers exchanges call {@link #validate} first: an invalid {@code x-match} binds as {@code all}.
     */
    boolean bind(Binding<D> binding);

    /** Removes an identical binding; false if there was none. */
    boolean unbind(Binding<D> binding);

    /**
     * Calls {@code sink} once per destination that the message matches; a destination matched by several
     * bindings receives one call. Does not allocate in the common cases. {@code sink} may call {@code route}
     * again (exchange-to-exchange routing) on the same or another router.
     *
     * @param routingKey the publish routing key ({@code null} is treated as {@code ""}); ignored by fanout and
     *                   headers exchanges
     * @param headers the message headers; used only by headers exchanges
     */
    void route(String routingKey, Headers headers, Consumer<? super D> sink);

    /** Removes every binding to {@code destination} (queue or exchange deleted); returns how many there were. */
    int removeDestination(D destination);

    /** True if at least one binding leads to {@code destination}. */
    boolean hasBindingsTo(D destination);

    /** A snapshot of all bindings, in no particular order. */
    List<Binding<D>> bindings();

    /** The number of bindings. */
    int size();

    /** True when there are no bindings (e.g. for auto-delete exchanges). */
    default boolean isEmpty() {
        return size() == 0;
    }

    /**
     * Checks a binding's arguments before {@link #bind}; returns the error text for a 406 PRECONDITION_FAILED
     * (RabbitMQ's {@code validate_binding}), or empty when the binding is acceptable.
     */
    default Optional<String> validate(Binding<D> binding) {
        return Optional.empty();
    }
}
