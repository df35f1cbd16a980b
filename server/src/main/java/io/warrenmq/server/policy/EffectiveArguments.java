package io.warrenmq.server.policy;

import io.warrenmq.codec.types.FieldTable;

/**
 * A queue's (or exchange's) arguments with its policies folded in, as RabbitMQ resolves each key
 * (rabbit_amqqueue_process:process_args_policy, rabbit_queue_type_util:args_policy_lookup):
 *
 * <ul>
 *   <li>{@code message-ttl}, {@code expires}, {@code max-length}, {@code max-length-bytes},
 *       {@code delivery-limit}: the smallest of the queue argument, the policy and the operator
 *       policy (an operator policy can only make a limit stricter);
 *   <li>{@code dead-letter-exchange}, {@code dead-letter-routing-key}, {@code overflow}: the queue
 *       argument if the queue has one, else the policy;
 *   <li>{@code alternate-exchange} on exchanges: the argument if present, else the policy.
 * </ul>
 *
 * <p>The result is what the queue parses into its settings; its declared arguments stay as
 * declared (redeclare equivalence and exports see those). Stateless.
 */
public final class EffectiveArguments {
    private static final String[] SMALLEST = {"message-ttl", "expires", "max-length", "max-length-bytes",
            "delivery-limit"};
    private static final String[] ARGUMENT_WINS = {"dead-letter-exchange", "dead-letter-routing-key", "overflow"};

    private EffectiveArguments() {
    }

    public static FieldTable forQueue(FieldTable arguments, VhostPolicies.Matched m) {
        if (m.policy() == null && m.operatorPolicy() == null) {
            return arguments;
        }
        FieldTable out = arguments;
        for (String key : SMALLEST) {
            Long value = smaller(number(m.policy(), key), number(m.operatorPolicy(), key));
            Long arg = arguments.getLong("x-" + key);
            value = arg == null ? value : smaller(value, arg);
            if (value != null) {
                out = out.with("x-" + key, value);
            }
        }
        for (String key : ARGUMENT_WINS) {
            Object v = m.policy() == null ? null : m.policy().definition().get(key);
            if (v != null && !arguments.containsKey("x-" + key)) {
                out = out.with("x-" + key, v);
            }
        }
        return out;
    }

    /**
     * The policy and the operator policy merged as RabbitMQ shows them
     * ({@code effective_policy_definition}, rabbit_policy:merge_operator_definitions): the
     * policy's keys, and for each operator-policy key the smaller number where both set a limit,
     * else the operator policy's value where the policy has none.
     */
    public static java.util.Map<String, Object> definition(VhostPolicies.Matched m) {
        if (m.policy() == null && m.operatorPolicy() == null) {
            return java.util.Map.of(); // shared: most queues match no policy, and every queue keeps this
        }
        java.util.Map<String, Object> out = new java.util.TreeMap<>();
        if (m.policy() != null) {
            out.putAll(m.policy().definition());
        }
        if (m.operatorPolicy() != null) {
            m.operatorPolicy().definition().forEach((key, op) -> {
                Object p = out.get(key);
                out.put(key, p instanceof Long a && op instanceof Long b ? Long.valueOf(Math.min(a, b)) : p == null ? op : p);
            });
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The exchange's alternate exchange: its argument, else the policy's; null for none. */
    public static String alternateExchange(FieldTable arguments, VhostPolicies.Matched m) {
        String arg = arguments.getString("alternate-exchange");
        if (arg != null || m.policy() == null) {
            return arg;
        }
        Object v = m.policy().definition().get("alternate-exchange");
        return v instanceof String s ? s : null;
    }

    private static Long number(Policy p, String key) {
        return p == null || !(p.definition().get(key) instanceof Long n) ? null : n;
    }

    private static Long smaller(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(Math.min(a, b));
    }
}
