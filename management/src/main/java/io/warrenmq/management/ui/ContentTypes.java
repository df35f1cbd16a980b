package io.warrenmq.management.ui;

import java.util.Map;

/** The content types of the files the UI ships, by extension; anything else is not served. */
final class ContentTypes {
    private static final Map<String, String> BY_EXTENSION = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json");

    private ContentTypes() {
    }

    /** The type for {@code fileName}, or null when the UI serves no file of that kind. */
    static String of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? null : BY_EXTENSION.get(fileName.substring(dot + 1));
    }
}
