package io.warrenmq.codec;

/**
 * A protocol error carrying its reply code, the reply text and (optionally) the class/method that
 * provoked it; the connection handler turns it into {@code channel.close} or {@code connection.close}.
 *
 * <p>The text is {@code CODE_NAME - detail}, as RabbitMQ sends it (e.g.
 * {@code NOT_FOUND - no queue 'q' in vhost '/'}), truncated to fit the 255-octet {@code reply-text}
 * shortstr without splitting a UTF-8 sequence. Spec: 1.4.2 (connection.close), 1.5.2 (channel.close).
 *
 * <p>Thread-safety: immutable. // why: no stack trace is captured; these are control flow, raised for
 * every bad client request, and a stack walk per error is pure overhead.
 */
public final class AmqpException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Longest reply text that fits a shortstr. */
    static final int MAX_TEXT_BYTES = 255;

    private final ReplyCode code;
    private final String text;
    private final boolean forcedConnection;
    private final int classId;
    private final int methodId;

    private AmqpException(ReplyCode code, String text, boolean forcedConnection, int classId, int methodId) {
        super(text, null, false, false);
        this.code = code;
        this.text = text;
        this.forcedConnection = forcedConnection;
        this.classId = classId;
        this.methodId = methodId;
    }

    /** An error whose scope (channel or connection) follows the code's hard flag. */
    public static AmqpException of(ReplyCode code, String format, Object... args) {
        return new AmqpException(code, text(code, format, args), false, 0, 0);
    }

    /** An error that closes the connection even when the code is a soft one. */
    public static AmqpException connection(ReplyCode code, String format, Object... args) {
        return new AmqpException(code, text(code, format, args), true, 0, 0);
    }

    /** A copy carrying the class and method id of the method that failed. */
    public AmqpException withMethod(int classId, int methodId) {
        return new AmqpException(code, text, forcedConnection, classId, methodId);
    }

    public ReplyCode code() {
        return code;
    }

    /** The full reply text, {@code "NAME - detail"}, at most 255 UTF-8 octets. */
    public String text() {
        return text;
    }

    /** True for hard codes and for errors raised with {@link #connection}. */
    public boolean isConnectionError() {
        return forcedConnection || code.hard();
    }

    /** Class id of the failing method, 0 when unknown. */
    public int classId() {
        return classId;
    }

    /** Method id of the failing method, 0 when unknown. */
    public int methodId() {
        return methodId;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // why: see class javadoc, no stack trace for control-flow errors
    }

    private static String text(ReplyCode code, String format, Object... args) {
        String detail = args.length == 0 ? format : String.format(format, args);
        return truncateUtf8(code.name() + " - " + detail, MAX_TEXT_BYTES);
    }

    /** Cuts {@code s} to at most {@code maxBytes} UTF-8 octets on a code point boundary. */
    static String truncateUtf8(String s, int maxBytes) {
        if (s.length() * 3 <= maxBytes) {
            return s; // why: cannot exceed the limit, skip the scan
        }
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (Character.isSurrogate(s.charAt(i)) && Character.charCount(cp) == 1) {
                n = 3; // a lone surrogate is encoded as '?' by the JDK, count it conservatively
            }
            if (bytes + n > maxBytes) {
                return s.substring(0, i);
            }
            bytes += n;
            i += Character.charCount(cp);
        }
        return s;
    }
}
