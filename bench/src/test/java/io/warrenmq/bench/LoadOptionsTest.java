package io.warrenmq.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoadOptionsTest {

    @Test
    void defaultsAreOneProducerOneNoAckConsumerOfTransient16ByteMessages() {
        LoadOptions o = LoadOptions.parse();
        assertEquals(BrokerAddress.defaults(), o.address());
        assertEquals(1, o.producers());
        assertEquals(1, o.consumers());
        assertEquals(16, o.bodySize());
        assertFalse(o.persistent());
        assertEquals(0, o.confirmWindow());
        assertEquals(0, o.ackEvery());
        assertEquals(2, o.threads());
        assertTrue(o.queue().startsWith("loadgen-"));
    }

    @Test
    void everyOptionIsParsed() {
        LoadOptions o = LoadOptions.parse("--uri", "amqp://u:p@h:1234/v", "--port", "5695", "--size", "1000",
                "--duration", "7", "--warmup", "2", "--persistent", "--confirm", "500", "--ack", "50",
                "--prefetch", "200", "--producers", "2", "--consumers", "3", "--rate", "100", "--queue", "q",
                "--threads", "4", "--broker-pid", "123");
        assertEquals(new BrokerAddress("h", 5695, "u", "p", "v"), o.address());
        assertEquals(1000, o.bodySize());
        assertEquals(7, o.durationSeconds());
        assertEquals(2, o.warmupSeconds());
        assertTrue(o.persistent());
        assertEquals(500, o.confirmWindow());
        assertEquals(50, o.ackEvery());
        assertEquals(200, o.prefetch());
        assertEquals(2, o.producers());
        assertEquals(3, o.consumers());
        assertEquals(100, o.ratePerProducer());
        assertEquals("q", o.queue());
        assertEquals(4, o.threads());
        assertEquals(123, o.brokerPid());
    }

    @Test
    void ackAutoMeansNoAck() {
        assertEquals(0, LoadOptions.parse("--ack", "auto").ackEvery());
    }

    @Test
    void warmupIsShorterThanTheRun() {
        assertEquals(2, LoadOptions.parse("--duration", "3").warmupSeconds());
    }

    @Test
    void badCommandLinesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--bogus"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--size"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--size", "x"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--duration", "0"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--producers", "0", "--consumers", "0"));
    }

    @Test
    void urisFollowRabbitMqConventions() {
        assertEquals(new BrokerAddress("localhost", 5672, "guest", "guest", "/"),
                BrokerAddress.parse("amqp://localhost"));
        assertEquals(new BrokerAddress("localhost", 5680, "guest", "guest", "/"),
                BrokerAddress.parse("amqp://guest:guest@localhost:5680/%2F"));
        assertEquals(new BrokerAddress("h", 5672, "a b", "p@ss", "prod"),
                BrokerAddress.parse("amqp://a%20b:p%40ss@h/prod"));
        assertThrows(IllegalArgumentException.class, () -> BrokerAddress.parse("http://localhost"));
    }
}
