package io.warrenmq.server.connection;

/**
 * The life of one AMQP connection.
 *
 * <pre>
 *  AWAITING_PROTOCOL_HEADER --header--> AWAITING_START_OK --start-ok--> AWAITING_TUNE_OK
 *      --tune-ok--> AWAITING_OPEN --open--> OPEN
 *  any state --error or connection.close sent--> CLOSING --close-ok or timeout--> CLOSED
 *  OPEN --connection.close received--> (close-ok sent) CLOSED
 * </pre>
 */
public enum ConnectionState {
    AWAITING_PROTOCOL_HEADER,
    AWAITING_START_OK,
    AWAITING_TUNE_OK,
    AWAITING_OPEN,
    OPEN,
    /** We sent connection.close: everything but close/close-ok is discarded. */
    CLOSING,
    CLOSED
}
