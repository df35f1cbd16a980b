package io.warrenmq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code @WarrenTest(definitions = "classpath:defs.json")}: the file's objects exist, in every vhost it names. */
@WarrenTest(definitions = "classpath:defs.json")
class DefinitionsFileTest {

    @Test
    void theFilesObjectsExistInTheDefaultVhost(Channel ch, WarrenBroker broker) throws Exception {
        ch.exchangeDeclarePassive("file.orders");
        ch.queueDeclarePassive("file.billing");
        ch.queueDeclare("file.billing", true, false, false, Map.of("x-max-length", 10)); // same arguments
        ch.basicPublish("file.orders", "new", null, "x".getBytes());
        assertEquals("new", broker.awaitMessages("file.billing", 1, Duration.ofSeconds(5)).get(0).routingKey());
    }

    @Test
    void theFilesVhostHoldsItsObjects(WarrenBroker broker) throws Exception {
        try (Connection c = broker.connectionFactory("shop").newConnection()) {
            Channel ch = c.createChannel();
            ch.exchangeDeclarePassive("carts");
            ch.queueDeclarePassive("cart-events");
            ch.basicPublish("carts", "", null, "cart".getBytes());
        }
        assertEquals("cart", broker.awaitMessages("shop", "cart-events", 1, Duration.ofSeconds(5)).get(0).text());
    }

    @Test
    void theFilesUsersAndPermissionsExist(WarrenBroker broker) {
        assertTrue(broker.server().users().user("carol").isPresent());
        assertEquals(".*", String.valueOf(broker.server().users().snapshot().permissions("carol", "/").read()));
    }

    @Test
    void aMissingFileIsNamedInTheError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DefinitionsLocation.read("classpath:nope/missing.json", getClass().getClassLoader()));
        assertTrue(e.getMessage().contains("nope/missing.json"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> DefinitionsLocation.read("/no/such/defs.json", getClass().getClassLoader()));
    }
}
