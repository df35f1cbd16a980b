package io.warrenmq.amqp10.selector;

import io.warrenmq.amqp10.selector.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits a selector into tokens (JMS 2.0, 3.8.1.1): keywords case-insensitively, identifiers as
 * Java identifiers (case-sensitive), string literals in single quotes ({@code ''} for a quote),
 * exact numerics (decimal, {@code 0x} hex, optional {@code L}) and approximate numerics (a decimal
 * point or an exponent, optional {@code F}/{@code D}).
 */
final class Lexer {
    private static final Map<String, Kind> KEYWORDS = Map.ofEntries(Map.entry("NOT", Kind.NOT),
            Map.entry("AND", Kind.AND), Map.entry("OR", Kind.OR), Map.entry("BETWEEN", Kind.BETWEEN),
            Map.entry("LIKE", Kind.LIKE), Map.entry("IN", Kind.IN), Map.entry("IS", Kind.IS),
            Map.entry("ESCAPE", Kind.ESCAPE), Map.entry("TRUE", Kind.TRUE), Map.entry("FALSE", Kind.FALSE),
            Map.entry("NULL", Kind.NULL));

    private final String in;
    private int pos;

    private Lexer(String in) {
        this.in = in;
    }

    static List<Token> tokens(String selector) throws SelectorException {
        Lexer l = new Lexer(selector);
        List<Token> out = new ArrayList<>();
        Token t;
        do {
            t = l.next();
            out.add(t);
        } while (t.kind() != Kind.END);
        return out;
    }

    private Token next() throws SelectorException {
        while (pos < in.length() && Character.isWhitespace(in.charAt(pos))) {
            pos++;
        }
        int start = pos;
        if (pos >= in.length()) {
            return new Token(Kind.END, "", null, start);
        }
        char c = in.charAt(pos);
        if (Character.isJavaIdentifierStart(c)) {
            while (pos < in.length() && Character.isJavaIdentifierPart(in.charAt(pos))) {
                pos++;
            }
            String word = in.substring(start, pos);
            Kind k = KEYWORDS.get(word.toUpperCase(Locale.ROOT));
            return new Token(k == null ? Kind.IDENTIFIER : k, word, null, start);
        }
        if (c == '\'') {
            return string(start);
        }
        if (Character.isDigit(c) || c == '.' && pos + 1 < in.length() && Character.isDigit(in.charAt(pos + 1))) {
            return number(start);
        }
        pos++;
        switch (c) {
            case '=':
                return new Token(Kind.EQ, "=", null, start);
            case '<':
                if (pos < in.length() && in.charAt(pos) == '>') {
                    pos++;
                    return new Token(Kind.NE, "<>", null, start);
                }
                if (pos < in.length() && in.charAt(pos) == '=') {
                    pos++;
                    return new Token(Kind.LE, "<=", null, start);
                }
                return new Token(Kind.LT, "<", null, start);
            case '>':
                if (pos < in.length() && in.charAt(pos) == '=') {
                    pos++;
                    return new Token(Kind.GE, ">=", null, start);
                }
                return new Token(Kind.GT, ">", null, start);
            case '+':
                return new Token(Kind.PLUS, "+", null, start);
            case '-':
                return new Token(Kind.MINUS, "-", null, start);
            case '*':
                return new Token(Kind.STAR, "*", null, start);
            case '/':
                return new Token(Kind.SLASH, "/", null, start);
            case '(':
                return new Token(Kind.LPAREN, "(", null, start);
            case ')':
                return new Token(Kind.RPAREN, ")", null, start);
            case ',':
                return new Token(Kind.COMMA, ",", null, start);
            default:
                throw new SelectorException("unexpected character '" + c + "' at " + start);
        }
    }

    private Token string(int start) throws SelectorException {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= in.length()) {
                throw new SelectorException("unterminated string literal at " + start);
            }
            char c = in.charAt(pos++);
            if (c == '\'') {
                if (pos < in.length() && in.charAt(pos) == '\'') {
                    sb.append('\'');
                    pos++;
                } else {
                    return new Token(Kind.STRING, in.substring(start, pos), sb.toString(), start);
                }
            } else {
                sb.append(c);
            }
        }
    }

    private Token number(int start) throws SelectorException {
        if (in.startsWith("0x", pos) || in.startsWith("0X", pos)) {
            pos += 2;
            int digits = pos;
            while (pos < in.length() && Character.digit(in.charAt(pos), 16) >= 0) {
                pos++;
            }
            if (pos == digits) {
                throw new SelectorException("bad hexadecimal literal at " + start);
            }
            String hex = in.substring(digits, pos);
            skipSuffix("lL");
            try {
                return new Token(Kind.LONG, in.substring(start, pos), Long.parseUnsignedLong(hex, 16), start);
            } catch (NumberFormatException e) {
                throw new SelectorException("hexadecimal literal out of range at " + start);
            }
        }
        boolean approximate = false;
        while (pos < in.length() && Character.isDigit(in.charAt(pos))) {
            pos++;
        }
        if (pos < in.length() && in.charAt(pos) == '.') {
            approximate = true;
            pos++;
            while (pos < in.length() && Character.isDigit(in.charAt(pos))) {
                pos++;
            }
        }
        if (pos < in.length() && (in.charAt(pos) == 'e' || in.charAt(pos) == 'E')) {
            approximate = true;
            pos++;
            if (pos < in.length() && (in.charAt(pos) == '+' || in.charAt(pos) == '-')) {
                pos++;
            }
            int digits = pos;
            while (pos < in.length() && Character.isDigit(in.charAt(pos))) {
                pos++;
            }
            if (pos == digits) {
                throw new SelectorException("bad exponent at " + start);
            }
        }
        String text = in.substring(start, pos);
        if (pos < in.length() && "fFdD".indexOf(in.charAt(pos)) >= 0) {
            approximate = true;
            pos++;
        } else if (!approximate && skipSuffix("lL")) {
            // an explicit long: the same as without
        }
        if (pos < in.length() && Character.isJavaIdentifierPart(in.charAt(pos))) {
            throw new SelectorException("bad numeric literal at " + start);
        }
        if (approximate) {
            return new Token(Kind.DOUBLE, text, Double.parseDouble(text), start);
        }
        try {
            return new Token(Kind.LONG, text, Long.parseLong(text), start);
        } catch (NumberFormatException e) {
            if (text.equals("9223372036854775808")) {
                return new Token(Kind.LONG, text, null, start); // only valid negated: Long.MIN_VALUE
            }
            throw new SelectorException("integer literal out of range at " + start);
        }
    }

    private boolean skipSuffix(String suffixes) {
        if (pos < in.length() && suffixes.indexOf(in.charAt(pos)) >= 0) {
            pos++;
            return true;
        }
        return false;
    }
}
