package io.warrenmq.exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One headers-exchange binding's arguments, compiled for matching against message headers with RabbitMQ's
 * {@code x-match} semantics ({@code rabbit_exchange_type_headers}):
 * <ul>
 *   <li>{@code x-match} itself never takes part in matching; when absent (or, for bindings that skipped
 *       {@link #validate}, not a valid longstr) the mode is {@code all}.</li>
 *   <li>{@code all} / {@code any}: binding arguments whose key starts with {@code "x-"} are ignored;
 *       {@code all-with-x} / {@code any-with-x}: they take part like any other argument.</li>
 *   <li>An argument matches when the message has a header of that name and either the argument's value is void
 *       (a presence test) or the values are equal by {@link FieldValues#headerEquals} (Erlang {@code ==}).</li>
 *   <li>{@code all} matches when every considered argument matches, so a binding with none matches every
 *       message; {@code any} matches when at least one does, so a binding with none matches nothing.</li>
 * </ul>
 *
 * <p>Thread-safety: immutable.
 */
public final class HeadersMatcher {

    /** The {@code x-match} modes. */
    public enum Mode {
        ALL("all", true, false),
        ANY("any", false, false),
        ALL_WITH_X("all-with-x", true, true),
        ANY_WITH_X("any-with-x", false, true);

        private final String wireName;
        private final boolean all;
        private final boolean withX;

        Mode(String wireName, boolean all, boolean withX) {
            this.wireName = wireName;
            this.all = all;
            this.withX = withX;
        }

        public String wireName() {
            return wireName;
        }

        static Optional<Mode> fromWireName(String name) {
            for (Mode mode : values()) {
                if (mode.wireName.equals(name)) {
                    return Optional.of(mode);
                }
            }
            return Optional.empty();
        }
    }

    static final String X_MATCH = "x-match";

    private final Mode mode;
    // why: parallel arrays of only the considered arguments, so matching is a tight loop without map iteration
    private final String[] keys;
    private final Object[] values; // null = void = presence test

    private HeadersMatcher(Mode mode, String[] keys, Object[] values) {
        this.mode = mode;
        this.keys = keys;
        this.values = values;
    }

    /** Compiles binding arguments (null or empty: {@code all} with no arguments, which matches everything). */
    public static HeadersMatcher of(Map<String, Object> bindingArgs) {
        Map<String, Object> args = bindingArgs == null ? Map.of() : bindingArgs;
        Object xMatch = args.get(X_MATCH);
        // spec: RabbitMQ's parse_x_match treats anything but the four longstr values as 'all' (legacy)
        Mode mode = xMatch instanceof String s ? Mode.fromWireName(s).orElse(Mode.ALL) : Mode.ALL;
        List<String> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (Map.Entry<String, Object> e : args.entrySet()) {
            String key = e.getKey();
            if (key.equals(X_MATCH) || !mode.withX && key.startsWith("x-")) {
                continue;
            }
            keys.add(key);
            values.add(e.getValue());
        }
        return new HeadersMatcher(mode, keys.toArray(new String[0]), values.toArray());
    }

    /**
     * RabbitMQ's {@code validate_binding} for headers exchanges: {@code x-match} may be absent or one of the four
     * longstr values. Returns the error text for a 406 PRECONDITION_FAILED, or empty if valid.
     */
    public static Optional<String> validate(Map<String, Object> bindingArgs) {
        if (bindingArgs == null || !bindingArgs.containsKey(X_MATCH)) {
            return Optional.empty();
        }
        Object value = bindingArgs.get(X_MATCH);
        if (value instanceof String s) {
            if (Mode.fromWireName(s).isPresent()) {
                return Optional.empty();
            }
            return Optional.of("Invalid x-match field value " + FieldValues.erlangFormat(s)
                    + "; expected all, any, all-with-x, or any-with-x");
        }
        return Optional.of("Invalid x-match field type " + FieldValues.typeName(value)
                + " (value " + FieldValues.erlangFormat(value) + "); expected longstr");
    }

    public Mode mode() {
        return mode;
    }

    /** True if a message with these headers matches this binding. Does not allocate. */
    public boolean matches(Headers headers) {
        return mode.all ? matchesAll(headers) : matchesAny(headers);
    }

    private boolean matchesAll(Headers headers) {
        for (int i = 0; i < keys.length; i++) {
            if (!argumentMatches(headers, i)) {
                return false;
            }
        }
        return true;
    }

    private boolean matchesAny(Headers headers) {
        for (int i = 0; i < keys.length; i++) {
            if (argumentMatches(headers, i)) {
                return true;
            }
        }
        return false;
    }

    private boolean argumentMatches(Headers headers, int i) {
        Object expected = values[i];
        if (expected == null) {
            return headers.contains(keys[i]);
        }
        Object actual = headers.get(keys[i]);
        // why: a null from get() is either absent or void; neither equals a non-void argument
        return actual != null && FieldValues.headerEquals(expected, actual);
    }

    @Override
    public String toString() {
        return "HeadersMatcher[" + mode.wireName + " " + List.of(keys) + "]";
    }
}
