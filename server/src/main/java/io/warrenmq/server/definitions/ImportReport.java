package io.warrenmq.server.definitions;

import java.util.List;

/**
 * What an import applied, by kind, and the entries it accepted without applying (policies and
 * runtime parameters of features Warren does not have yet), each named as in the document.
 *
 * <p>Immutable.
 */
public record ImportReport(int users, int vhosts, int permissions, int topicPermissions, int exchanges, int queues,
        int bindings, List<String> ignored) {
    public ImportReport {
        ignored = List.copyOf(ignored);
    }
}
