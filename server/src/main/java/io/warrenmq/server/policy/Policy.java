package io.warrenmq.server.policy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A policy or an operator policy of one vhost (rabbitmqctl set_policy / set_operator_policy):
 * a regular expression searched in object names (as RabbitMQ's {@code re:run}: anywhere in the
 * name, anchor with {@code ^...$}), which objects it can match, a priority, and a definition.
 *
 * <p>The definition is validated as RabbitMQ's policy validators do: known keys only (so
 * {@code max-priority}, a queue argument, is not a policy key), each with its type and range.
 * Operator policies accept only the numeric limits, which combine with the user policy's by
 * taking the smaller.
 *
 * <p>Immutable.
 */
public record Policy(String name, String pattern, ApplyTo applyTo, int priority, Map<String, Object> definition,
        boolean operator, Pattern compiled) {

    /** Keys whose policy value is a non-negative integer (ms or a count or bytes). */
    static final Set<String> NUMERIC = Set.of("message-ttl", "expires", "max-length", "max-length-bytes",
            "delivery-limit");
    /** The keys an operator policy may set (rabbit_policies' operator_policy_validator). */
    static final Set<String> OPERATOR_KEYS = Set.of("message-ttl", "expires", "max-length", "max-length-bytes",
            "delivery-limit", "max-in-memory-length", "max-in-memory-bytes");
    private static final Set<String> STRINGS = Set.of("dead-letter-exchange", "dead-letter-routing-key",
            "alternate-exchange");
    /** Accepted for compatibility with RabbitMQ files and kept, but no effect on Warren's queues. */
    static final Set<String> ACCEPTED_WITHOUT_EFFECT = Set.of("queue-mode", "queue-version", "max-in-memory-length",
            "max-in-memory-bytes", "dead-letter-strategy", "queue-leader-locator", "queue-master-locator",
            "initial-cluster-size");

    public Policy {
        definition = Map.copyOf(definition);
    }

    /** Validates and builds; {@code priority} as RabbitMQ takes it (an integer). */
    public static Policy of(String name, String pattern, String applyTo, long priority, Map<String, Object> definition,
            boolean operator) {
        if (name == null || name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new PolicyException("policy name must be 1 to 255 bytes");
        }
        if (pattern == null) {
            throw new PolicyException("pattern is missing");
        }
        Pattern compiled;
        try {
            compiled = Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new PolicyException("invalid regular expression '" + pattern + "': " + e.getDescription());
        }
        if (priority < Integer.MIN_VALUE || priority > Integer.MAX_VALUE) {
            throw new PolicyException("priority " + priority + " out of range");
        }
        if (definition == null || definition.isEmpty()) {
            throw new PolicyException("no policy definition");
        }
        ApplyTo to = ApplyTo.of(applyTo);
        List<String> unknown = new ArrayList<>();
        Map<String, Object> checked = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : definition.entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            if (operator && !OPERATOR_KEYS.contains(key)) {
                unknown.add(key);
                continue;
            }
            if (NUMERIC.contains(key) || key.startsWith("max-in-memory-")) {
                long n = integer(key, v);
                if (key.equals("expires") ? n < 1 : n < 0) {
                    throw new PolicyException(key + ": " + n + (key.equals("expires") ? " must be at least 1"
                            : " must be non-negative"));
                }
                checked.put(key, n);
            } else if (STRINGS.contains(key)) {
                if (!(v instanceof String s)) {
                    throw new PolicyException(key + ": " + v + " is not a string");
                }
                checked.put(key, s);
            } else if (key.equals("overflow")) {
                if (!List.of("drop-head", "reject-publish", "reject-publish-dlx").contains(v)) {
                    throw new PolicyException("overflow: " + v + " is not drop-head, reject-publish or reject-publish-dlx");
                }
                checked.put(key, v);
            } else if (ACCEPTED_WITHOUT_EFFECT.contains(key)) {
                checked.put(key, v);
            } else {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            // RabbitMQ's text (rabbit_policy:validate_policy0)
            throw new PolicyException(unknown + " are not recognised " + (operator ? "operator " : "")
                    + "policy settings");
        }
        return new Policy(name, pattern, to, (int) priority, checked, operator, compiled);
    }

    private static long integer(String key, Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        throw new PolicyException(key + ": " + v + " is not an integer");
    }

    /** RabbitMQ's match: a search, not a whole-name match. */
    boolean matches(String objectName) {
        return compiled.matcher(objectName).find();
    }

    /** The record's equality without the compiled pattern (Pattern has identity equality). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Policy p && p.name.equals(name) && p.pattern.equals(pattern) && p.applyTo == applyTo
                && p.priority == priority && p.definition.equals(definition) && p.operator == operator;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(name, pattern, applyTo, priority, definition, operator);
    }
}
