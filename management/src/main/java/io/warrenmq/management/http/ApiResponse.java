package io.warrenmq.management.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.warrenmq.management.json.ListItem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * What a handler answers: a status, extra headers and a JSON body, or a later answer (an
 * operation that runs on a queue's loop).
 *
 * <p>A body is a tree of {@code Map<String, ?>} (insertion-ordered), {@code List}, {@code String},
 * numbers, booleans, null or Jackson nodes. A {@link #list} body is an API listing: the dispatcher
 * applies RabbitMQ's sort, paging, filter and columns parameters to it ({@code io.warrenmq.management.json.Listing}).
 */
public final class ApiResponse {
    private final HttpResponseStatus status;
    private final Object body;
    private final List<String> defaultSort; // non-null: body is a listing
    private final CompletionStage<ApiResponse> later;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private ApiResponse(HttpResponseStatus status, Object body, List<String> defaultSort,
            CompletionStage<ApiResponse> later) {
        this.status = status;
        this.body = body;
        this.defaultSort = defaultSort;
        this.later = later;
    }

    /** 200 with a JSON body. */
    public static ApiResponse ok(Object body) {
        return new ApiResponse(HttpResponseStatus.OK, body, null, null);
    }

    /**
     * 200 with a listing, sorted by {@code defaultSort} (RabbitMQ's default for most lists is
     * vhost then name) unless the request sorts otherwise.
     */
    public static ApiResponse list(List<? extends Map<String, ?>> items, String... defaultSort) {
        List<ListItem> wrapped = new java.util.ArrayList<>(items.size());
        for (Map<String, ?> m : items) {
            wrapped.add(ListItem.of(m));
        }
        return lazyList(wrapped, defaultSort);
    }

    /** As {@link #list}, with items whose JSON is built only when needed (big listings: queues, exchanges). */
    public static ApiResponse lazyList(List<ListItem> items, String... defaultSort) {
        return new ApiResponse(HttpResponseStatus.OK, items, List.of(defaultSort), null);
    }

    /** 201 without a body: a PUT that created something. */
    public static ApiResponse created() {
        return new ApiResponse(HttpResponseStatus.CREATED, null, null, null);
    }

    /** 204: a PUT that changed something that existed, or a DELETE. */
    public static ApiResponse noContent() {
        return new ApiResponse(HttpResponseStatus.NO_CONTENT, null, null, null);
    }

    /** PUT: 201 if it created, 204 if it updated (cowboy_rest's semantics, which RabbitMQ's resources inherit). */
    public static ApiResponse putResult(boolean created) {
        return created ? created() : noContent();
    }

    public static ApiResponse status(HttpResponseStatus status, Object body) {
        return new ApiResponse(status, body, null, null);
    }

    /** The answer once {@code stage} completes; an {@link ApiException} it fails with is answered as usual. */
    public static ApiResponse later(CompletionStage<ApiResponse> stage) {
        return new ApiResponse(null, null, null, stage);
    }

    public ApiResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public HttpResponseStatus status() {
        return status;
    }

    public Object body() {
        return body;
    }

    public boolean isListing() {
        return defaultSort != null;
    }

    public List<String> defaultSort() {
        return defaultSort;
    }

    public CompletionStage<ApiResponse> later() {
        return later;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
