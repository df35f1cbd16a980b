package io.warrenmq.management.http;

/**
 * A body that is not JSON built from maps: a text exposition (Prometheus), a static file, or JSON
 * already encoded (a definitions export).
 */
public record RawBody(String contentType, byte[] bytes) {
}
