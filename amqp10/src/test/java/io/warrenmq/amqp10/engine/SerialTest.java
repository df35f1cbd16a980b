package io.warrenmq.amqp10.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SerialTest {
    @Test
    void additionWraps() {
        assertEquals(0, Serial.add(0xFFFF_FFFFL, 1));
        assertEquals(2, Serial.add(0xFFFF_FFFEL, 4));
        assertEquals(7, Serial.add(3, 4));
    }

    @Test
    void differenceGoesTheShortWayRound() {
        assertEquals(4, Serial.diff(2, 0xFFFF_FFFEL), "2 is four after 2^32 - 2");
        assertEquals(-4, Serial.diff(0xFFFF_FFFEL, 2));
        assertEquals(0, Serial.diff(5, 5));
        assertEquals(-1, Serial.diff(0xFFFF_FFFFL, 0));
    }
}
