package io.warrenmq.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeadersMatcherTest {

    /** A map allowing null (void) values, in argument order. */
    private static Map<String, Object> table(Object... keyValues) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static boolean matches(Map<String, Object> bindingArgs, Map<String, Object> headers) {
        return HeadersMatcher.of(bindingArgs).matches(Headers.of(headers));
    }

    @Test
    void allIsTheDefaultAndNeedsEveryArgument() {
        Map<String, Object> args = table("format", "pdf", "type", "report");
        assertEquals(HeadersMatcher.Mode.ALL, HeadersMatcher.of(args).mode());
        assertTrue(matches(args, table("format", "pdf", "type", "report", "extra", 1)));
        assertFalse(matches(args, table("format", "pdf")));
        assertFalse(matches(args, table("format", "pdf", "type", "log")));
        assertTrue(matches(table("x-match", "all", "format", "pdf"), table("format", "pdf")));
    }

    @Test
    void anyNeedsOneArgument() {
        Map<String, Object> args = table("x-match", "any", "format", "pdf", "type", "report");
        assertTrue(matches(args, table("format", "pdf")));
        assertTrue(matches(args, table("format", "zip", "type", "report")));
        assertFalse(matches(args, table("format", "zip", "type", "log")));
        assertFalse(matches(args, Map.of()));
    }

    @Test
    void emptyArgumentsMatchEverythingWithAllAndNothingWithAny() {
        assertTrue(matches(Map.of(), Map.of()));
        assertTrue(HeadersMatcher.of(null).matches(Headers.EMPTY));
        assertTrue(matches(table("x-match", "all"), table("a", 1)));
        assertFalse(matches(table("x-match", "any"), table("a", 1)));
        assertFalse(matches(table("x-match", "any"), Map.of()));
    }

    @Test
    void xPrefixedArgumentsAreIgnoredByAllAndAny() {
        assertTrue(matches(table("x-match", "all", "x-tenant", "t1"), Map.of()));
        assertTrue(matches(table("x-match", "all", "x-tenant", "t1", "a", 1), table("a", 1)));
        assertFalse(matches(table("x-match", "any", "x-tenant", "t1"), table("x-tenant", "t1")),
                "the only argument is ignored, so 'any' has nothing to match");
    }

    @Test
    void xPrefixedArgumentsCountWithTheWithXModes() {
        Map<String, Object> allWithX = table("x-match", "all-with-x", "x-tenant", "t1", "a", 1);
        assertTrue(matches(allWithX, table("x-tenant", "t1", "a", 1)));
        assertFalse(matches(allWithX, table("a", 1)));
        Map<String, Object> anyWithX = table("x-match", "any-with-x", "x-tenant", "t1", "a", 1);
        assertTrue(matches(anyWithX, table("x-tenant", "t1")));
        assertFalse(matches(anyWithX, table("x-tenant", "t2", "a", 2)));
    }

    @Test
    void xMatchItselfNeverTakesPart() {
        assertTrue(matches(table("x-match", "all-with-x"), Map.of()));
        assertFalse(matches(table("x-match", "any-with-x"), table("x-match", "any-with-x")));
    }

    @Test
    void voidArgumentTestsPresenceOnly() {
        Map<String, Object> args = table("flag", null);
        assertTrue(matches(args, table("flag", "anything")));
        assertTrue(matches(args, table("flag", null)), "a void header is present");
        assertFalse(matches(args, table("other", 1)));
        assertTrue(matches(table("x-match", "any", "flag", null, "a", 1), table("flag", 5)));
    }

    @Test
    void voidHeaderDoesNotEqualAValue() {
        assertFalse(matches(table("a", 1), table("a", null)));
        assertFalse(matches(table("a", "x"), table("a", null)));
    }

    @Test
    void integersOfAnyWidthMatchByValueAsErlangEquality() {
        assertTrue(matches(table("n", (byte) 1), table("n", 1)));
        assertTrue(matches(table("n", 1), table("n", 1L)));
        assertTrue(matches(table("n", (short) 7), table("n", (byte) 7)));
        assertFalse(matches(table("n", 1), table("n", 2L)));
    }

    @Test
    void integerEqualsFloatOfSameValueAsErlangEquality() {
        assertTrue(matches(table("n", 1), table("n", 1.0d)));
        assertTrue(matches(table("n", 1.5f), table("n", 1.5d)));
        assertFalse(matches(table("n", 1), table("n", 1.5d)));
        assertFalse(matches(table("n", Long.MAX_VALUE), table("n", (double) Long.MAX_VALUE)),
                "compared exactly, not after rounding the long");
    }

    @Test
    void decimalMatchesOnlySameScaleDecimal() {
        assertTrue(matches(table("d", new BigDecimal("1.50")), table("d", new BigDecimal("1.50"))));
        assertFalse(matches(table("d", new BigDecimal("1.5")), table("d", new BigDecimal("1.50"))));
        assertFalse(matches(table("d", new BigDecimal("1")), table("d", 1)));
    }

    @Test
    void longStringEqualsByteArrayWithSameBytes() {
        byte[] bytes = "pdf".getBytes(StandardCharsets.UTF_8);
        assertTrue(matches(table("f", "pdf"), table("f", bytes)));
        assertTrue(matches(table("f", bytes.clone()), table("f", bytes)));
        assertFalse(matches(table("f", "PDF"), table("f", bytes)));
    }

    @Test
    void timestampEqualsIntegerSeconds() {
        assertTrue(matches(table("t", Instant.ofEpochSecond(1000)), table("t", 1000L)));
        assertTrue(matches(table("t", Instant.ofEpochSecond(1000)), table("t", Instant.ofEpochSecond(1000))));
    }

    @Test
    void booleansMatchOnlyBooleans() {
        assertTrue(matches(table("b", true), table("b", true)));
        assertFalse(matches(table("b", true), table("b", 1)));
        assertFalse(matches(table("b", true), table("b", "true")));
    }

    @Test
    void arrayElementsAndNestedTableValuesMustHaveTheSameType() {
        assertTrue(matches(table("l", List.of(1, "a")), table("l", List.of(1, "a"))));
        assertFalse(matches(table("l", List.of(1)), table("l", List.of(1L))));
        assertFalse(matches(table("l", List.of(1)), table("l", List.of(1, 2))));
        Map<String, Object> nested = new HashMap<>(Map.of("k", 1));
        assertTrue(matches(table("t", nested), table("t", Map.of("k", 1))));
        assertFalse(matches(table("t", nested), table("t", Map.of("k", 1L))));
    }

    @Test
    void validateAcceptsAbsentAndTheFourModes() {
        assertEquals(Optional.empty(), HeadersMatcher.validate(Map.of()));
        assertEquals(Optional.empty(), HeadersMatcher.validate(null));
        for (String mode : List.of("all", "any", "all-with-x", "any-with-x")) {
            assertEquals(Optional.empty(), HeadersMatcher.validate(table("x-match", mode)), mode);
        }
    }

    @Test
    void validateRejectsOtherValuesWithRabbitMqText() {
        assertEquals(Optional.of("Invalid x-match field value <<\"some\">>; expected all, any, all-with-x, or "
                + "any-with-x"), HeadersMatcher.validate(table("x-match", "some")));
        assertEquals(Optional.of("Invalid x-match field type signedint (value 1); expected longstr"),
                HeadersMatcher.validate(table("x-match", 1)));
        assertEquals(Optional.of("Invalid x-match field type void (value undefined); expected longstr"),
                HeadersMatcher.validate(table("x-match", null)));
        assertTrue(HeadersMatcher.validate(table("x-match", "ALL")).isPresent(), "case-sensitive");
    }

    @Test
    void unvalidatedInvalidModeFallsBackToAll() {
        assertEquals(HeadersMatcher.Mode.ALL, HeadersMatcher.of(table("x-match", "bogus")).mode());
        assertEquals(HeadersMatcher.Mode.ALL, HeadersMatcher.of(table("x-match", 5)).mode());
    }
}
