package io.warrenmq.amqp10.broker;

import io.warrenmq.amqp10.codec.ErrorCondition;

/** The 0-9-1 reply codes the broker answers with, as AMQP 1.0 error conditions (RabbitMQ's choices). */
final class Conditions {
    private Conditions() {
    }

    static ErrorCondition of(int replyCode, String replyText) {
        String condition = switch (replyCode) {
            case 403 -> ErrorCondition.UNAUTHORIZED_ACCESS;
            case 404 -> ErrorCondition.NOT_FOUND;
            case 405 -> ErrorCondition.RESOURCE_LOCKED;
            case 406 -> ErrorCondition.PRECONDITION_FAILED;
            case 311 -> ErrorCondition.MESSAGE_SIZE_EXCEEDED;
            case 530 -> replyText != null && replyText.contains("not found") ? ErrorCondition.NOT_FOUND
                    : ErrorCondition.UNAUTHORIZED_ACCESS;
            case 540 -> ErrorCondition.NOT_IMPLEMENTED;
            case 0, 320 -> "amqp:connection:forced";
            default -> ErrorCondition.INTERNAL_ERROR;
        };
        return ErrorCondition.of(condition, replyText);
    }
}
