package io.warrenmq.server.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.codec.types.FieldValues;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueArgumentsTest {
    private static QueueArguments parse(String key, Object value) {
        return QueueArguments.parse(FieldTable.of(Map.of(key, value)), "q", "/");
    }

    private static String refused(String key, Object value) {
        AmqpException e = assertThrows(AmqpException.class, () -> parse(key, value));
        return e.text();
    }

    /** RabbitMQ's ?INTEGER_ARG_TYPES: byte, short, signedint, long and the three unsigned ones. */
    @Test
    void everyIntegerFieldTypeIsATtl() {
        for (Object v : List.of((byte) 7, (short) 7, 7, 7L, new FieldValues.UnsignedByte(7),
                new FieldValues.UnsignedShort(7), new FieldValues.UnsignedInt(7))) {
            assertEquals(7L, parse("x-message-ttl", v).messageTtl(), "x-message-ttl as " + v.getClass());
            assertEquals(7L, parse("x-expires", v).expires(), "x-expires as " + v.getClass());
            assertEquals(7L, parse("x-max-length", v).maxLength(), "x-max-length as " + v.getClass());
        }
    }

    @Test
    void negativeAndNonIntegerTtlsAreRefusedWithRabbitMqsTerms() {
        assertEquals("PRECONDITION_FAILED - invalid arg 'x-message-ttl' for queue 'q' in vhost '/': {value_negative,-1}",
                refused("x-message-ttl", (byte) -1));
        assertEquals("PRECONDITION_FAILED - invalid arg 'x-message-ttl' for queue 'q' in vhost '/': "
                + "{unacceptable_type,double}", refused("x-message-ttl", 1.5));
        assertEquals("PRECONDITION_FAILED - invalid arg 'x-message-ttl' for queue 'q' in vhost '/': "
                + "{unacceptable_type,longstr}", refused("x-message-ttl", "1000"));
        assertEquals("PRECONDITION_FAILED - invalid arg 'x-expires' for queue 'q' in vhost '/': {value_zero,0}",
                refused("x-expires", (short) 0));
    }

    /** rabbit_misc:check_expiry since 3.10.x: at most ten years. */
    @Test
    void ttlsAndExpiriesAboveTenYearsAreRefused() {
        assertEquals(315_360_000_000L, parse("x-message-ttl", 315_360_000_000L).messageTtl());
        assertEquals("PRECONDITION_FAILED - invalid arg 'x-message-ttl' for queue 'q' in vhost '/': "
                + "{value_too_large,315360000001}", refused("x-message-ttl", 315_360_000_001L));
        assertEquals("PRECONDITION_FAILED - invalid arg 'x-expires' for queue 'q' in vhost '/': "
                + "{value_too_large,315360000001}", refused("x-expires", 315_360_000_001L));
    }
}
