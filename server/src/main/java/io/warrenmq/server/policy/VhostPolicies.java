package io.warrenmq.server.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The policies and operator policies of one vhost, and which of them applies to an object: of
 * the matching ones (name pattern and {@code apply-to}), the one with the highest priority, as
 * RabbitMQ's {@code rabbit_policy:match}; one user policy and one operator policy at most.
 * RabbitMQ leaves a tie in priority to its table's order; Warren takes the name that sorts first,
 * so the choice is stable across restarts.
 *
 * <p>Immutable: a change makes a new one (VirtualHosts swaps it and re-applies).
 */
public final class VhostPolicies {
    public static final VhostPolicies NONE = new VhostPolicies(Map.of(), Map.of());

    private static final Comparator<Policy> PRECEDENCE =
            Comparator.comparingInt(Policy::priority).reversed().thenComparing(Policy::name);

    private final Map<String, Policy> policies;
    private final Map<String, Policy> operatorPolicies;

    private VhostPolicies(Map<String, Policy> policies, Map<String, Policy> operatorPolicies) {
        this.policies = Map.copyOf(policies);
        this.operatorPolicies = Map.copyOf(operatorPolicies);
    }

    /** What applies to one object; either may be null. */
    public record Matched(Policy policy, Policy operatorPolicy) {
        public static final Matched NONE = new Matched(null, null);
    }

    public VhostPolicies with(Policy p) {
        Map<String, Policy> m = new TreeMap<>(p.operator() ? operatorPolicies : policies);
        m.put(p.name(), p);
        return p.operator() ? new VhostPolicies(policies, m) : new VhostPolicies(m, operatorPolicies);
    }

    public VhostPolicies without(String name, boolean operator) {
        Map<String, Policy> m = new TreeMap<>(operator ? operatorPolicies : policies);
        m.remove(name);
        return operator ? new VhostPolicies(policies, m) : new VhostPolicies(m, operatorPolicies);
    }

    public boolean isEmpty() {
        return policies.isEmpty() && operatorPolicies.isEmpty();
    }

    /** User policies then operator policies, each in name order. */
    public List<Policy> all() {
        List<Policy> out = new ArrayList<>(new TreeMap<>(policies).values());
        out.addAll(new TreeMap<>(operatorPolicies).values());
        return out;
    }

    public Policy policy(String name, boolean operator) {
        return (operator ? operatorPolicies : policies).get(name);
    }

    /** For a queue of {@code queueType} ("classic", "quorum", "stream"). */
    public Matched forQueue(String queueName, String queueType) {
        if (isEmpty()) {
            return Matched.NONE;
        }
        return new Matched(best(policies, queueName, queueType), best(operatorPolicies, queueName, queueType));
    }

    public Matched forExchange(String exchangeName) {
        if (isEmpty()) {
            return Matched.NONE;
        }
        return new Matched(best(policies, exchangeName, null), best(operatorPolicies, exchangeName, null));
    }

    private static Policy best(Map<String, Policy> candidates, String name, String queueType) {
        Policy best = null;
        for (Policy p : candidates.values()) {
            boolean kind = queueType == null ? p.applyTo().appliesToExchanges() : p.applyTo().appliesToQueue(queueType);
            if (kind && p.matches(name) && (best == null || PRECEDENCE.compare(p, best) < 0)) {
                best = p;
            }
        }
        return best;
    }
}
