package io.warrenmq.server.definitions;

import java.util.List;

/**
 * What an import applied, by kind (policies counts operator policies too), and the entries it
 * accepted without applying (runtime parameters of features Warren does not have, such as
 * federation upstreams), each named as in the document.
 *
 * <p>Immutable.
 */
public record ImportReport(int users, int vhosts, int permissions, int topicPermissions, int exchanges, int queues,
        int bindings, int policies, List<String> ignored) {
    public ImportReport {
        ignored = List.copyOf(ignored);
    }
}
