package io.warrenmq.server.definitions;

import io.warrenmq.auth.Permissions;
import io.warrenmq.auth.TopicPermission;
import io.warrenmq.auth.User;
import io.warrenmq.auth.UserDatabase;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.exchange.ExchangeType;
import io.warrenmq.server.policy.Policy;
import io.warrenmq.server.vhost.VhostLimits;
import io.warrenmq.server.vhost.VhostMetadata;
import java.util.List;
import java.util.Map;

/**
 * A definitions document after validation: every entry converted to the broker's own types and
 * checked against the broker's current state, so applying it can only fail for a change made
 * concurrently (which the importer then undoes).
 *
 * <p>Immutable.
 */
record ImportPlan(List<VhostEntry> vhosts, List<User> users, Map<UserDatabase.VhostUser, Permissions> permissions,
        Map<UserDatabase.TopicKey, TopicPermission> topicPermissions, List<ExchangeEntry> exchanges,
        List<QueueEntry> queues, List<BindingEntry> bindings, List<PolicyEntry> policies, List<String> ignored,
        List<io.warrenmq.definitions.RabbitDefinitions.GlobalParameter> globals) {

    record PolicyEntry(String vhost, Policy policy) {
    }

    /** {@code limits} null: the document says nothing about the vhost's limits, so they stay. */
    record VhostEntry(String name, VhostMetadata metadata, VhostLimits limits) {
    }

    record ExchangeEntry(String vhost, String name, ExchangeType type, boolean durable, boolean autoDelete,
            boolean internal, FieldTable arguments) {
    }

    record QueueEntry(String vhost, String name, boolean durable, boolean autoDelete, FieldTable arguments) {
    }

    record BindingEntry(String vhost, String source, String destination, boolean toQueue, String routingKey,
            FieldTable arguments) {
    }

    ImportReport report() {
        return new ImportReport(users.size(), vhosts.size(), permissions.size(), topicPermissions.size(),
                exchanges.size(), queues.size(), bindings.size(), policies.size(), ignored);
    }
}
