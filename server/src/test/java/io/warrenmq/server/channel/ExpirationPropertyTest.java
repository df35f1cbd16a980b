package io.warrenmq.server.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import org.junit.jupiter.api.Test;

class ExpirationPropertyTest {
    private static String refused(String value) {
        AmqpException e = assertThrows(AmqpException.class, () -> ExpirationProperty.check(value));
        assertEquals(ReplyCode.PRECONDITION_FAILED, e.code());
        return e.text().substring("PRECONDITION_FAILED - ".length());
    }

    @Test
    void decimalDigitsAreMilliseconds() {
        assertEquals(0, ExpirationProperty.check("0"));
        assertEquals(1000, ExpirationProperty.check("1000"));
        assertEquals(1000, ExpirationProperty.check("0001000"));
        assertEquals(ExpirationProperty.MAX, ExpirationProperty.check("315360000000"));
    }

    @Test
    void aSignIsReadAsErlangsStringToIntegerReadsIt() {
        assertEquals(5, ExpirationProperty.check("+5"));
        assertEquals(0, ExpirationProperty.check("-0"));
    }

    @Test
    void negativeValuesAreRefused() {
        assertEquals("invalid expiration '-1': {value_negative,-1}", refused("-1"));
    }

    @Test
    void valuesBeyondTenYearsAreRefused() {
        assertEquals("invalid expiration '315360000001': {value_too_large,315360000001}", refused("315360000001"));
        assertEquals("invalid expiration '99999999999999999999999': {value_too_large,99999999999999999999999}",
                refused("99999999999999999999999"));
    }

    @Test
    void textWithoutLeadingDigitsIsNoInteger() {
        assertEquals("invalid expiration 'abc': no_integer", refused("abc"));
        assertEquals("invalid expiration '': no_integer", refused(""));
        assertEquals("invalid expiration '-': no_integer", refused("-"));
        assertEquals("invalid expiration ' 5': no_integer", refused(" 5"));
    }

    @Test
    void trailingCharactersAreALeftoverString() {
        assertEquals("invalid expiration '1000foo': {leftover_string,\"foo\"}", refused("1000foo"));
        assertEquals("invalid expiration '1.5': {leftover_string,\".5\"}", refused("1.5"));
        assertEquals("invalid expiration '1\"\\': {leftover_string,\"\\\"\\\\\"}", refused("1\"\\"));
    }
}
