package io.warrenmq.exchange;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Headers exchange: a message goes to each destination that has at least one binding whose arguments match
 * the message headers ({@link HeadersMatcher}); the routing key is ignored. Like RabbitMQ this tests every
 * binding, there being no index over arbitrary header predicates.
 *
 * <p>Bindings are grouped by destination into an immutable array of {@link Target}s, so a destination bound
 * several times is delivered once without a dedup set: the first matching binding wins and the rest are skipped.
 *
 * <p>Thread-safety: {@code route} reads one volatile immutable array; serialized mutations replace it
 * copy-on-write (O(bindings) per change).
 */
public final class HeadersRouter<D> extends BindingTableRouter<D> {

    /** One destination and the compiled matchers of all its bindings. Immutable. */
    private record Target(Object destination, Binding<?>[] bindings, HeadersMatcher[] matchers) {
    }

    private static final Target[] NONE = new Target[0];

    private volatile Target[] targets = NONE;

    @Override
    public Optional<String> validate(Binding<D> binding) {
        return HeadersMatcher.validate(binding.arguments());
    }

    @Override
    void added(Binding<D> binding) {
        Target[] current = targets;
        int at = indexOf(current, binding.destination());
        HeadersMatcher matcher = HeadersMatcher.of(binding.arguments());
        Target[] next;
        if (at < 0) {
            next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = new Target(binding.destination(), new Binding<?>[] {binding},
                    new HeadersMatcher[] {matcher});
        } else {
            Target old = current[at];
            Binding<?>[] bindings = Arrays.copyOf(old.bindings, old.bindings.length + 1);
            bindings[old.bindings.length] = binding;
            HeadersMatcher[] matchers = Arrays.copyOf(old.matchers, old.matchers.length + 1);
            matchers[old.matchers.length] = matcher;
            next = current.clone();
            next[at] = new Target(old.destination, bindings, matchers);
        }
        targets = next;
    }

    @Override
    void removed(Binding<D> binding) {
        Target[] current = targets;
        int at = indexOf(current, binding.destination());
        if (at < 0) {
            return;
        }
        Target old = current[at];
        int bi = Arrays.asList(old.bindings).indexOf(binding);
        if (bi < 0) {
            return;
        }
        Target[] next;
        if (old.bindings.length == 1) {
            next = new Target[current.length - 1];
            System.arraycopy(current, 0, next, 0, at);
            System.arraycopy(current, at + 1, next, at, next.length - at);
        } else {
            next = current.clone();
            next[at] = new Target(old.destination, removeAt(old.bindings, bi, new Binding<?>[old.bindings.length - 1]),
                    removeAt(old.matchers, bi, new HeadersMatcher[old.matchers.length - 1]));
        }
        targets = next;
    }

    @Override
    public void route(String routingKey, Headers headers, Consumer<? super D> sink) {
        Headers h = headers == null ? Headers.EMPTY : headers;
        for (Target target : targets) {
            for (HeadersMatcher matcher : target.matchers) {
                if (matcher.matches(h)) {
                    @SuppressWarnings("unchecked") // targets only hold Ds
                    D destination = (D) target.destination;
                    sink.accept(destination);
                    break;
                }
            }
        }
    }

    private static int indexOf(Target[] targets, Object destination) {
        for (int i = 0; i < targets.length; i++) {
            if (targets[i].destination.equals(destination)) {
                return i;
            }
        }
        return -1;
    }

    private static <T> T[] removeAt(T[] from, int at, T[] into) {
        System.arraycopy(from, 0, into, 0, at);
        System.arraycopy(from, at + 1, into, at, into.length - at);
        return into;
    }
}
