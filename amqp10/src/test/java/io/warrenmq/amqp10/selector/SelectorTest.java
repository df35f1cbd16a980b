package io.warrenmq.amqp10.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SelectorTest {
    private static MessageView message(Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m::get;
    }

    private static Boolean eval(String selector, Object... keyValues) throws SelectorException {
        return Selector.parse(selector).evaluate(message(keyValues));
    }

    private static boolean selects(String selector, Object... keyValues) throws SelectorException {
        return Selector.parse(selector).matches(message(keyValues));
    }

    @Test
    void theSpecsExamples() throws Exception {
        String s = "JMSType = 'car' AND color = 'blue' AND weight > 2500";
        assertTrue(selects(s, "JMSType", "car", "color", "blue", "weight", 3000L));
        assertFalse(selects(s, "JMSType", "car", "color", "blue", "weight", 2500L));
        assertFalse(selects(s, "JMSType", "car", "color", "red", "weight", 3000L));
        assertTrue(selects("phone LIKE '12%3'", "phone", "123"));
        assertTrue(selects("phone LIKE '12%3'", "phone", "12993"));
        assertFalse(selects("phone LIKE '12%3'", "phone", "1234"));
        assertTrue(selects("word LIKE 'l_se'", "word", "lose"));
        assertFalse(selects("word LIKE 'l_se'", "word", "loose"));
        assertTrue(selects("underscored LIKE '\\_%' ESCAPE '\\'", "underscored", "_foo"));
        assertFalse(selects("underscored LIKE '\\_%' ESCAPE '\\'", "underscored", "bar"));
        assertFalse(selects("phone NOT LIKE '12%3'", "phone", "123"));
        assertTrue(selects("phone NOT LIKE '12%3'", "phone", "1234"));
        assertTrue(selects("age BETWEEN 15 AND 19", "age", 15L));
        assertTrue(selects("age BETWEEN 15 AND 19", "age", 19L));
        assertFalse(selects("age BETWEEN 15 AND 19", "age", 20L));
        assertTrue(selects("age NOT BETWEEN 15 AND 19", "age", 14L));
        assertFalse(selects("age NOT BETWEEN 15 AND 19", "age", 17L));
        assertTrue(selects("Country IN ('UK', 'US', 'France')", "Country", "UK"));
        assertFalse(selects("Country IN ('UK', 'US', 'France')", "Country", "Peru"));
        assertTrue(selects("Country NOT IN ('UK', 'US', 'France')", "Country", "Peru"));
        assertFalse(selects("Country NOT IN ('UK', 'US', 'France')", "Country", "UK"));
        assertTrue(selects("prop_name IS NULL"));
        assertFalse(selects("prop_name IS NULL", "prop_name", "x"));
        assertTrue(selects("prop_name IS NOT NULL", "prop_name", "x"));
    }

    @Test
    void nullIsUnknownAndUnknownIsNotSelected() throws Exception {
        assertEquals(null, eval("age > 17"));
        assertFalse(selects("age > 17"));
        assertFalse(selects("NOT (age > 17)"), "NOT unknown is unknown");
        assertEquals(null, eval("NOT (age > 17)"));
        assertTrue(selects("age > 17 OR TRUE"));
        assertEquals(null, eval("age > 17 OR FALSE"));
        assertEquals(false, eval("age > 17 AND FALSE"));
        assertEquals(null, eval("age > 17 AND TRUE"));
        assertEquals(null, eval("x NOT IN ('a', 'b')"), "NOT IN with a null identifier is unknown");
        assertEquals(null, eval("x NOT LIKE 'a%'"));
        assertEquals(null, eval("x NOT BETWEEN 1 AND 2"));
        assertEquals(null, eval("x + 1 = 2"), "arithmetic on null is null");
        assertEquals(null, eval("x = NULL", "x", 1L), "comparing with NULL is unknown, even when set");
        assertFalse(selects("NOT active"), "a missing boolean property");
        assertTrue(selects("active", "active", true));
        assertTrue(selects("NOT active", "active", false));
        assertEquals(null, eval("age BETWEEN 1 AND x", "age", 1L));
        assertEquals(false, eval("age BETWEEN 5 AND x", "age", 1L), "false AND unknown is false");
    }

    @Test
    void differentTypesDoNotCompare() throws Exception {
        assertEquals(null, eval("s = 1", "s", "1"));
        assertEquals(null, eval("s <> 1", "s", "1"));
        assertEquals(null, eval("b = 'true'", "b", true));
        assertEquals(null, eval("b = 1", "b", true));
        assertEquals(null, eval("'a' < 'b'"), "strings compare with = and <> only");
        assertEquals(null, eval("TRUE > FALSE"));
        assertEquals(true, eval("TRUE = TRUE"));
        assertEquals(true, eval("TRUE <> FALSE"));
        assertEquals(true, eval("n = 1.0", "n", 1L), "exact and approximate numbers compare");
        assertEquals(true, eval("n < 1.5", "n", 1L));
        assertEquals(null, eval("s + 1 = 2", "s", "1"));
        assertEquals(null, eval("s IN ('1')", "s", 1L));
        assertEquals(null, eval("n LIKE '1%'", "n", 1L), "LIKE needs a string");
        assertEquals(null, eval("s BETWEEN 'a' AND 'c'", "s", "b"));
        assertEquals(true, eval("x = 'it''s'", "x", "it's"));
    }

    @Test
    void arithmeticAndLiterals() throws Exception {
        assertTrue(selects("1 + 2 * 3 = 7"));
        assertTrue(selects("(1 + 2) * 3 = 9"));
        assertTrue(selects("7 / 2 = 3"), "integer division");
        assertTrue(selects("7.0 / 2 = 3.5"));
        assertEquals(null, eval("1 / 0 = 0"), "no value for an integer division by zero");
        assertTrue(selects("1.0 / 0 > 1000000"), "approximate: infinity");
        assertTrue(selects("-x = -5", "x", 5L));
        assertTrue(selects("- - 5 = 5"));
        assertTrue(selects("10 - 2 - 3 = 5"), "left associative");
        assertTrue(selects("0x1F = 31"));
        assertTrue(selects("10L = 10"));
        assertTrue(selects("1e3 = 1000"));
        assertTrue(selects("7E3 = 7000"));
        assertTrue(selects("-57.9E2 = -5790"));
        assertTrue(selects(".5 = 0.5"));
        assertTrue(selects("7. = 7"));
        assertTrue(selects("1.5f > 1"));
        assertTrue(selects("-9223372036854775808 < 0"));
        assertTrue(selects("x * 1.1 > 100", "x", 100L));
        assertTrue(selects("p = 2.5", "p", 2.5));
    }

    @Test
    void keywordsAreCaseInsensitiveIdentifiersAreNot() throws Exception {
        assertTrue(selects("a = 1 and not b = 2 Or false", "a", 1L, "b", 3L));
        assertTrue(selects("a between 1 and 2 AND c is null AND d in ('x') AND e like 'y%'", "a", 1L, "d", "x",
                "e", "yes"));
        assertFalse(selects("Color = 'x'", "color", "x"));
        assertTrue(selects("JMS_special = 1 AND $dollar = 2 AND _u = 3", "JMS_special", 1L, "$dollar", 2L, "_u", 3L));
    }

    @Test
    void precedenceOfAndOverOr() throws Exception {
        assertTrue(selects("TRUE OR TRUE AND FALSE"), "AND binds tighter than OR");
        assertFalse(selects("(TRUE OR TRUE) AND FALSE"));
        assertTrue(selects("NOT FALSE AND TRUE"));
        assertTrue(selects("a = 1 OR b = 2 AND c = 3", "a", 1L));
    }

    @Test
    void likeEscapesRegexCharactersAndMatchesNewlines() throws Exception {
        assertTrue(selects("s LIKE 'a.c'", "s", "a.c"));
        assertFalse(selects("s LIKE 'a.c'", "s", "abc"));
        assertTrue(selects("s LIKE '%[x]*%'", "s", "-[x]*-"));
        assertTrue(selects("s LIKE 'a%'", "s", "a\nb"));
        assertTrue(selects("s LIKE '100!%' ESCAPE '!'", "s", "100%"));
        assertFalse(selects("s LIKE '100!%' ESCAPE '!'", "s", "1000"));
        assertTrue(selects("s LIKE ''", "s", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "a =", "a = 'x", "1 + 2", "'x'", "5", "a LIKE 5", "a NOT 5", "a IN ()",
            "a IN ('x',)", "a IN (b)", "a = 1 b", "9223372036854775808 > 1", "a LIKE 'x' ESCAPE 'ab'", "a # 1",
            "NOT 5", "5 AND TRUE", "TRUE OR 'x'", "(a = 1", "a = 1)", "a IS 5", "a BETWEEN 1", "a BETWEEN 1 OR 2",
            "a LIKE 'x!' ESCAPE '!'", "0x = 1", "1e = 1", "12abc = 1", "a == 1", "a IS NOT", "-'x' = 1"})
    void invalidSelectorsAreRefusedAtParse(String selector) {
        assertThrows(SelectorException.class, () -> Selector.parse(selector));
    }
}
