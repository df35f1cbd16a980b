package io.warrenmq.definitions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefinitionsReaderTest {
    /** The file a real RabbitMQ 3.10.8 exported (it/src/test/resources/fixtures/README.md says what is in it). */
    private static final Path RABBITMQ_EXPORT = Path.of("../it/src/test/resources/fixtures/rabbitmq-3.10.8-definitions.json");

    private static RabbitDefinitions read(String json) {
        return DefinitionsReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), 1 << 20);
    }

    @Test
    void readsRabbitMqsOwnExport() throws Exception {
        RabbitDefinitions d;
        try (InputStream in = Files.newInputStream(RABBITMQ_EXPORT)) {
            d = DefinitionsReader.read(in, DefinitionsReader.DEFAULT_MAX_BYTES);
        }
        assertEquals("3.10.8", d.rabbitVersion());
        RabbitDefinitions.User bob = d.users().stream().filter(u -> u.name().equals("bob")).findFirst().orElseThrow();
        assertEquals(List.of("monitoring", "custom-tag"), bob.tags());
        assertEquals("rabbit_password_hashing_sha256", bob.hashingAlgorithm());
        assertEquals(Map.of("max-connections", 3L, "max-channels", 5L), bob.limits());
        RabbitDefinitions.Vhost orders = d.vhosts().stream().filter(v -> v.name().equals("orders")).findFirst().orElseThrow();
        assertEquals(Map.of("max-connections", 10L, "max-queues", 20L), orders.limits(), "3.10's list of pairs");
        RabbitDefinitions.Parameter op = d.parameters().stream()
                .filter(p -> p.component().equals("operator_policy")).findFirst().orElseThrow();
        assertEquals("op-limit", op.name());
        RabbitDefinitions.Queue created = d.queues().stream().filter(q -> q.name().equals("orders.created"))
                .findFirst().orElseThrow();
        assertEquals(30000L, created.arguments().get("x-message-ttl"));
        assertEquals("classic", created.type());
        assertTrue(d.bindings().stream().anyMatch(b -> b.destinationType().equals("exchange")));
        assertEquals(1, d.topicPermissions().size());
        assertEquals(1, d.policies().size());
    }

    @Test
    void writtenDocumentsReadBackEqual() throws Exception {
        RabbitDefinitions d;
        try (InputStream in = Files.newInputStream(RABBITMQ_EXPORT)) {
            d = DefinitionsReader.read(in, DefinitionsReader.DEFAULT_MAX_BYTES);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DefinitionsWriter.write(d, out);
        RabbitDefinitions again = DefinitionsReader.read(new ByteArrayInputStream(out.toByteArray()), 1 << 20);
        // the writer always names a default queue type; everything else is as read
        assertEquals(d.users(), again.users());
        assertEquals(d.queues(), again.queues());
        assertEquals(d.exchanges(), again.exchanges());
        assertEquals(d.bindings(), again.bindings());
        assertEquals(d.permissions(), again.permissions());
        assertEquals(d.topicPermissions(), again.topicPermissions());
        assertEquals(d.policies(), again.policies());
        assertEquals(d.parameters(), again.parameters());
    }

    @Test
    void olderShapesAreAccepted() {
        RabbitDefinitions d = read("""
                {"users":[{"name":"u","password_hash":"","tags":"administrator, monitoring"}],
                 "vhosts":[{"name":"v","metadata":{"description":"d","tags":["t"],"default_queue_type":"quorum"}}],
                 "queues":null}""");
        assertEquals(List.of("administrator", "monitoring"), d.users().get(0).tags());
        assertEquals("rabbit_password_hashing_sha256", d.users().get(0).hashingAlgorithm());
        assertEquals("quorum", d.vhosts().get(0).defaultQueueType());
        assertEquals(List.of("t"), d.vhosts().get(0).tags());
        assertTrue(d.queues().isEmpty());
    }

    @Test
    void errorsNameTheEntry() {
        DefinitionsException e = assertThrows(DefinitionsException.class, () -> read("""
                {"queues":[{"name":"ok","vhost":"/"},{"name":"jobs","vhost":"orders","durable":"yes"}]}"""));
        assertEquals("queues[1] (vhost 'orders', name 'jobs'): 'durable' must be true or false", e.getMessage());
        e = assertThrows(DefinitionsException.class, () -> read("""
                {"bindings":[{"vhost":"/","source":"x","destination":"q","destination_type":"table"}]}"""));
        assertTrue(e.getMessage().startsWith("bindings[0] (vhost '/', source 'x', destination 'q'): destination_type"),
                e.getMessage());
        assertThrows(DefinitionsException.class, () -> read("[]"));
        assertThrows(DefinitionsException.class, () -> read("{\"users\": 5}"));
        e = assertThrows(DefinitionsException.class, () -> read("{\"users\": [ {\"name\": "));
        assertTrue(e.getMessage().startsWith("not valid JSON"), e.getMessage());
    }

    @Test
    void inputBeyondTheLimitIsRefusedWithoutReadingItAll() {
        byte[] big = ("{\"queues\":[" + "{\"name\":\"q\",\"vhost\":\"/\"},".repeat(10_000) + "{}]}")
                .getBytes(StandardCharsets.UTF_8);
        DefinitionsException e = assertThrows(DefinitionsException.class,
                () -> DefinitionsReader.read(new ByteArrayInputStream(big), 64 * 1024));
        assertEquals("definitions larger than 65536 bytes", e.getMessage());
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "{\"parameters\":[{\"vhost\":\"/\",\"component\":\"c\",\"name\":\"n\",\"value\":"
                + "[".repeat(200) + "]".repeat(200) + "}]}";
        assertThrows(DefinitionsException.class, () -> read(deep));
    }
}
