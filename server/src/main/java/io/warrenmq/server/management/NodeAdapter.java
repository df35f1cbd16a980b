package io.warrenmq.server.management;

import io.warrenmq.management.backend.NodeBackend;
import io.warrenmq.server.Broker;
import io.warrenmq.server.alarm.ResourceAlarms;
import io.warrenmq.server.connection.ServerProperties;
import io.warrenmq.server.vhost.VirtualHost;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The management API's {@link NodeBackend}: the node's identity, listeners and resources, read
 * off the JVM ({@link NodeMemory}, {@link NodeDescriptors}) and the broker's {@link ResourceAlarms}.
 *
 * <p>Thread-safety: any thread; every call reads fresh figures and keeps no state.
 */
final class NodeAdapter implements NodeBackend {
    private final Broker broker;
    private final String nodeName;

    NodeAdapter(Broker broker) {
        this.broker = broker;
        this.nodeName = "warren@" + shortHostName();
    }

    @Override
    public String nodeName() {
        return nodeName;
    }

    @Override
    public String clusterName() {
        return broker.globalParameters().clusterName();
    }

    @Override
    public String compatibilityVersion() {
        return broker.config().compatibilityVersion();
    }

    @Override
    public String productVersion() {
        return ServerProperties.WARREN_VERSION;
    }

    @Override
    public List<Listener> listeners() {
        List<Listener> out = new ArrayList<>();
        String amqpHost = ip(broker.config().host());
        out.add(new Listener("amqp", amqpHost, broker.port()));
        if (broker.tlsPort() >= 0) {
            out.add(new Listener("amqp/ssl", amqpHost, broker.tlsPort()));
        }
        String httpHost = ip(broker.config().management().host());
        if (broker.managementPort() >= 0) {
            out.add(new Listener("http", httpHost, broker.managementPort()));
        }
        if (broker.managementHttpsPort() >= 0) {
            out.add(new Listener("https", httpHost, broker.managementHttpsPort()));
        }
        if (broker.prometheusPort() >= 0) {
            out.add(new Listener("http/prometheus", ip(broker.config().management().prometheusHost()),
                    broker.prometheusPort()));
        }
        return out;
    }

    /** RabbitMQ shows the wildcard address as "::"; a host name stays as configured. */
    private static String ip(String host) {
        return host == null || host.isEmpty() || host.equals("0.0.0.0") ? "::" : host;
    }

    @Override
    public Resources resources() {
        ResourceAlarms a = broker.alarms();
        long fdTotal = NodeDescriptors.limit();
        long sockets = 0;
        for (VirtualHost v : broker.vhosts().all()) {
            sockets += broker.vhosts().connectionCount(v.name());
        }
        // RabbitMQ reserves about 90% of the descriptors for sockets (file_handle_cache's obtain limit)
        long socketsTotal = fdTotal < 0 ? -1 : fdTotal * 9 / 10;
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        return new Resources(ManagementFactory.getRuntimeMXBean().getUptime(),
                Runtime.getRuntime().availableProcessors(), Long.toString(ProcessHandle.current().pid()),
                a.memoryUsed(), a.memoryLimit(), a.memoryAlarm(), a.diskFree(), a.diskFreeLimit(), a.diskAlarm(),
                NodeDescriptors.used(), fdTotal, sockets, socketsTotal, threads, NodeDescriptors.threadLimit());
    }

    @Override
    public Map<String, Object> memoryBreakdown() {
        return NodeMemory.breakdown(broker.alarms().memoryUsed());
    }

    /** RabbitMQ's node names use the short host name: rabbit@myhost. */
    static String shortHostName() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            int dot = h.indexOf('.');
            return dot > 0 ? h.substring(0, dot) : h;
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
