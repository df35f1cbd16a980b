package io.warrenmq.server.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class EntityNamesTest {
    @Test
    void everyLineFeedAndCarriageReturnGoes() {
        assertEquals("ab", EntityNames.strip("a\nb"));
        assertEquals("ab", EntityNames.strip("\r\na\r\n\nb\r"));
        assertEquals("", EntityNames.strip("\n\r"));
    }

    @Test
    void otherWhitespaceStays() {
        assertEquals("a b\tc", EntityNames.strip("a b\tc\n"));
    }

    @Test
    void aCleanNameIsReturnedAsIs() {
        String name = "orders.eu";
        assertSame(name, EntityNames.strip(name));
    }
}
