package io.warrenmq.management.resources.access;

import io.warrenmq.management.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The management UI's definitions upload: a {@code multipart/form-data} POST whose part named
 * {@code file} holds the JSON document (rabbit_mgmt_wm_definitions accepts it besides plain
 * JSON). Only what a browser sends is read: a boundary, part headers, the part's bytes.
 *
 * <p>Stateless.
 */
final class DefinitionsUpload {
    private DefinitionsUpload() {
    }

    static boolean isMultipart(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** The {@code file} part's bytes. */
    static byte[] filePart(String contentType, byte[] body) {
        String boundary = null;
        for (String p : contentType.split(";")) {
            String t = p.trim();
            if (t.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                boundary = t.substring("boundary=".length()).replace("\"", "");
            }
        }
        if (boundary == null || boundary.isEmpty()) {
            throw ApiException.badRequest("multipart upload without a boundary");
        }
        // ISO-8859-1 maps bytes 1:1 to chars, so offsets found in the text are offsets in the body
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary;
        int at = text.indexOf(delimiter);
        while (at >= 0) {
            int headersStart = text.indexOf("\r\n", at) + 2;
            int headersEnd = text.indexOf("\r\n\r\n", headersStart);
            int next = text.indexOf("\r\n" + delimiter, headersEnd < 0 ? headersStart : headersEnd);
            if (headersStart < 2 || headersEnd < 0 || next < 0) {
                break;
            }
            String headers = text.substring(headersStart, headersEnd).toLowerCase(Locale.ROOT);
            if (headers.contains("name=\"file\"")) {
                return text.substring(headersEnd + 4, next).getBytes(StandardCharsets.ISO_8859_1);
            }
            at = next + 2;
        }
        throw ApiException.badRequest("multipart upload without a 'file' part");
    }
}
