package io.warrenmq.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AmqpExceptionTest {

    @Test
    void textIsCodeNameDashFormattedDetail() {
        AmqpException e = AmqpException.of(ReplyCode.NOT_FOUND, "no queue '%s' in vhost '%s'", "q", "/");
        assertEquals("NOT_FOUND - no queue 'q' in vhost '/'", e.text());
        assertEquals(ReplyCode.NOT_FOUND, e.code());
        assertFalse(e.isConnectionError());
        assertEquals(0, e.classId());
        assertEquals(0, e.methodId());
    }

    @Test
    void hardCodesAndForcedErrorsAreConnectionErrors() {
        assertTrue(AmqpException.of(ReplyCode.FRAME_ERROR, "x").isConnectionError());
        assertTrue(AmqpException.connection(ReplyCode.ACCESS_REFUSED, "x").isConnectionError());
    }

    @Test
    void withMethodCopiesEverythingAndAddsIds() {
        AmqpException e = AmqpException.connection(ReplyCode.PRECONDITION_FAILED, "boom").withMethod(60, 40);
        assertEquals(60, e.classId());
        assertEquals(40, e.methodId());
        assertTrue(e.isConnectionError());
        assertEquals("PRECONDITION_FAILED - boom", e.text());
    }

    @Test
    void longTextIsTruncatedTo255OctetsWithoutSplittingACharacter() {
        String detail = "é".repeat(300); // 2 octets each
        AmqpException e = AmqpException.of(ReplyCode.NOT_FOUND, "%s", detail);
        byte[] utf8 = e.text().getBytes(StandardCharsets.UTF_8);
        assertTrue(utf8.length <= 255, "length " + utf8.length);
        assertTrue(utf8.length >= 254);
        assertTrue(e.text().endsWith("é"));
    }

    @Test
    void surrogatePairsAreNotSplit() {
        String detail = "😀".repeat(100); // 4 octets each
        String text = AmqpException.of(ReplyCode.NOT_FOUND, "%s", detail).text();
        assertTrue(text.getBytes(StandardCharsets.UTF_8).length <= 255);
        assertFalse(Character.isHighSurrogate(text.charAt(text.length() - 1)));
    }

    @Test
    void noStackTraceIsCaptured() {
        assertEquals(0, AmqpException.of(ReplyCode.INTERNAL_ERROR, "x").getStackTrace().length);
    }

    @Test
    void replyCodeLookupByNumber() {
        assertEquals(ReplyCode.NOT_IMPLEMENTED, ReplyCode.of(540));
        assertTrue(ReplyCode.of(505).hard());
        assertFalse(ReplyCode.of(406).hard());
        assertThrows(IllegalArgumentException.class, () -> ReplyCode.of(999));
    }
}
