package io.warrenmq.server.direct;

/**
 * Why a direct session's call failed: the broker closed the channel or the connection with
 * {@code replyCode} and {@code replyText}, exactly as it would for a socket client (0 when the
 * connection went away without a close method, or the call timed out).
 *
 * <p>Immutable.
 */
public final class DirectException extends RuntimeException {
    private final int replyCode;

    public DirectException(int replyCode, String replyText) {
        super(replyText, null, false, false);
        this.replyCode = replyCode;
    }

    public int replyCode() {
        return replyCode;
    }

    public String replyText() {
        return getMessage();
    }
}
