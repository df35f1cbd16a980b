package io.warrenmq.bench;

import io.warrenmq.management.ManagementOptions;
import io.warrenmq.server.Broker;
import io.warrenmq.server.BrokerConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * What the management benchmarks measure against: an in-memory broker with the management API on an
 * ephemeral loopback port and {@code n} classic queues in vhost "/" (q-0, q-1, ...), made by one
 * definitions import.
 */
final class ManagedBroker {
    private ManagedBroker() {
    }

    static Broker withQueues(int n) {
        BrokerConfig config = BrokerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(null)
                .withManagement(ManagementOptions.ephemeral());
        Broker broker = new Broker(config).start();
        try {
            broker.importDefinitions(new ByteArrayInputStream(definitions(n)));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    private static byte[] definitions(int n) {
        StringBuilder b = new StringBuilder(n * 120).append("{\"queues\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"name\":\"q-").append(i).append("\",\"vhost\":\"/\",\"durable\":true,\"auto_delete\":false,")
                    .append("\"arguments\":{\"x-queue-type\":\"classic\"}}");
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
