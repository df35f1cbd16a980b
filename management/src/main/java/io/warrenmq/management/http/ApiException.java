package io.warrenmq.management.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * An HTTP error with RabbitMQ's body: {@code {"error": error, "reason": reason}}
 * (rabbit_web_dispatch_access_control's halt_response, rabbit_mgmt_util's bad_request/not_found).
 * Thrown by resources and backends; the dispatcher turns it into the response, so no handler
 * ever writes an error body itself and no exception reaches the client as a 500 with a trace.
 */
public final class ApiException extends RuntimeException {
    private final HttpResponseStatus status;
    private final String error;

    public ApiException(HttpResponseStatus status, String error, String reason) {
        super(reason, null, false, false); // why no stack trace: these are answers, not failures
        this.status = status;
        this.error = error;
    }

    public HttpResponseStatus status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String reason() {
        return getMessage();
    }

    /** 404 as RabbitMQ synthesises it for an unknown object or route. */
    public static ApiException notFound() {
        return new ApiException(HttpResponseStatus.NOT_FOUND, "Object Not Found", "Not Found");
    }

    /** 404 naming what is missing (rabbit_mgmt_util:not_found). */
    public static ApiException notFound(String reason) {
        return new ApiException(HttpResponseStatus.NOT_FOUND, "Object Not Found", reason);
    }

    /** 400: bad input or a failed precondition (an AMQP 406 becomes this, with its text). */
    public static ApiException badRequest(String reason) {
        return new ApiException(HttpResponseStatus.BAD_REQUEST, "bad_request", reason);
    }

    public static ApiException badRequest(String format, Object... args) {
        return badRequest(String.format(format, args));
    }

    /**
     * 401 for an authenticated user lacking a tag or a vhost permission: RabbitMQ answers 401,
     * not 403 (its code says "consider changing to 403 in 4.0"; it has not), and tools expect it.
     */
    public static ApiException notAuthorised(String reason) {
        return new ApiException(HttpResponseStatus.UNAUTHORIZED, "not_authorised", reason);
    }

    public static ApiException methodNotAllowed() {
        return new ApiException(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "Method Not Allowed");
    }

    /** 409 is never sent by RabbitMQ's API; 400 with the reason is what clients parse. */
    public static ApiException conflict(String reason) {
        return badRequest(reason);
    }
}
