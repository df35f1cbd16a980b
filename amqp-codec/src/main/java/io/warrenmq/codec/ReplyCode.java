package io.warrenmq.codec;

/**
 * The AMQP 0-9-1 reply-code table, one row per code with its hard/soft flag.
 *
 * <p>Hard codes are connection exceptions (the peer gets {@code connection.close}); soft codes are
 * channel exceptions ({@code channel.close}). Spec: amqp0-9-1.xml, constants "reply-success" through
 * "internal-error" ({@code class="hard-error"} / {@code "soft-error"}).
 *
 * <p>Thread-safety: immutable enum, safe everywhere.
 */
public enum ReplyCode {
    REPLY_SUCCESS(200, false),
    CONTENT_TOO_LARGE(311, false),
    NO_ROUTE(312, false),
    NO_CONSUMERS(313, false),
    CONNECTION_FORCED(320, true),
    INVALID_PATH(402, true),
    ACCESS_REFUSED(403, false),
    NOT_FOUND(404, false),
    RESOURCE_LOCKED(405, false),
    PRECONDITION_FAILED(406, false),
    FRAME_ERROR(501, true),
    SYNTAX_ERROR(502, true),
    COMMAND_INVALID(503, true),
    CHANNEL_ERROR(504, true),
    UNEXPECTED_FRAME(505, true),
    RESOURCE_ERROR(506, true),
    NOT_ALLOWED(530, true),
    NOT_IMPLEMENTED(540, true),
    INTERNAL_ERROR(541, true);

    private static final ReplyCode[] VALUES = values();

    private final int code;
    private final boolean hard;

    ReplyCode(int code, boolean hard) {
        this.code = code;
        this.hard = hard;
    }

    /** The numeric reply code sent on the wire. */
    public int code() {
        return code;
    }

    /** True when this code is a connection (hard) error. */
    public boolean hard() {
        return hard;
    }

    /**
     * Looks up a code by number.
     *
     * @throws IllegalArgumentException if the number is not a 0-9-1 reply code
     */
    public static ReplyCode of(int code) {
        for (ReplyCode c : VALUES) {
            if (c.code == code) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown AMQP reply code " + code);
    }
}
