package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warrenmq.server.Broker;
import io.warrenmq.server.BrokerConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code connection.start}'s server properties as RabbitMQ's: {@code product}, {@code version},
 * {@code platform}, {@code copyright}, {@code information}, {@code cluster_name}, plus Warren's own
 * {@code warren_version}. {@code version} is the RabbitMQ release Warren follows, because clients
 * gate features on it (Spring Boot's health indicator reports it, the Java client's tests skip by it).
 */
class ServerPropertiesIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    @Test
    void defaultsNameWarrenAndTheRabbitMqVersionItFollows() throws Exception {
        Map<String, Object> p = broker.newConnection().getServerProperties();
        assertEquals("Warren", text(p, "product"));
        assertEquals(BrokerConfig.DEFAULT_COMPATIBILITY_VERSION, text(p, "version"));
        assertTrue(text(p, "version").matches("3\\.\\d+\\.\\d+"), "a RabbitMQ version string");
        assertEquals("warren", text(p, "cluster_name"));
        for (String key : new String[] {"platform", "copyright", "information"}) {
            assertFalse(text(p, key).isBlank(), key);
        }
    }

    /** warren_version is the build's version (filtered into the jar by Maven), never a placeholder. */
    @Test
    void warrenVersionIsTheBuildsVersion() throws Exception {
        String version = text(broker.newConnection().getServerProperties(), "warren_version");
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+.*"), version);
        assertNotEquals("${project.version}", version);
        assertEquals(System.getProperty("warren.expectedVersion", version), version);
    }

    @Test
    void versionAndClusterNameAreConfigurable() throws Exception {
        BrokerConfig config = BrokerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(null)
                .withCompatibilityVersion("3.12.14").withClusterName("orders-eu");
        try (Broker other = new Broker(config).start()) {
            var connection = EmbeddedBroker.clientFactory(other.port()).newConnection();
            try {
                Map<String, Object> p = connection.getServerProperties();
                assertEquals("3.12.14", text(p, "version"));
                assertEquals("orders-eu", text(p, "cluster_name"));
            } finally {
                connection.close();
            }
        }
    }

    private static String text(Map<String, Object> properties, String key) {
        Object value = properties.get(key);
        assertTrue(value != null, "server property '" + key + "' is missing");
        return value.toString();
    }
}
