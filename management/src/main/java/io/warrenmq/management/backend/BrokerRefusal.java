package io.warrenmq.management.backend;

/**
 * The broker refused a change the API asked for, with the AMQP reply code and text it would send a
 * client (403 ACCESS_REFUSED, 404 NOT_FOUND, 406 PRECONDITION_FAILED, 530 NOT_ALLOWED, ...; 0 when
 * it did not answer). The resources map it to HTTP as rabbit_mgmt_util does.
 *
 * <p>Immutable.
 */
public final class BrokerRefusal extends RuntimeException {
    private final int replyCode;

    public BrokerRefusal(int replyCode, String replyText) {
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
