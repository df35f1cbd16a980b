package io.warrenmq.amqp10.selector;

/** One lexical token of a selector, with its offset for error messages. */
record Token(Kind kind, String text, Object value, int offset) {
    enum Kind {
        IDENTIFIER, STRING, LONG, DOUBLE, TRUE, FALSE, NULL,
        NOT, AND, OR, BETWEEN, LIKE, IN, IS, ESCAPE,
        EQ, NE, LT, LE, GT, GE, PLUS, MINUS, STAR, SLASH, LPAREN, RPAREN, COMMA, END
    }
}
