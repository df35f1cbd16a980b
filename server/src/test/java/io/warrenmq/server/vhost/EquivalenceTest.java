package io.warrenmq.server.vhost;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.codec.types.FieldValues;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EquivalenceTest {
    private static void check(Object received, Object current) {
        Equivalence.checkArguments("queue", "q", "/", FieldTable.of(Map.of("x-message-ttl", received)),
                FieldTable.of(Map.of("x-message-ttl", current)), Set.of("x-message-ttl"));
    }

    /** rabbit_misc:assert_args_equivalence compares type_class (all integers are 'int') and value. */
    @Test
    void equalIntegersOfDifferentTypesAreEquivalent() {
        assertDoesNotThrow(() -> check((short) 1000, 1000L));
        assertDoesNotThrow(() -> check(1000, new FieldValues.UnsignedShort(1000)));
        assertDoesNotThrow(() -> check((byte) 5, new FieldValues.UnsignedInt(5)));
        assertDoesNotThrow(() -> check(1.5f, 1.5d));
    }

    @Test
    void differentValuesOrTypeClassesAreNot() {
        AmqpException e = assertThrows(AmqpException.class, () -> check(2000L, 1000));
        assertEquals("PRECONDITION_FAILED - inequivalent arg 'x-message-ttl' for queue 'q' in vhost '/': received "
                + "the value '2000' of type 'long' but current is the value '1000' of type 'signedint'", e.text());
        assertThrows(AmqpException.class, () -> check("1000", 1000));
        assertThrows(AmqpException.class, () -> check(1000.0, 1000));
    }
}
