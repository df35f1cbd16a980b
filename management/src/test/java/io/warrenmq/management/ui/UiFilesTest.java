package io.warrenmq.management.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UiFilesTest {
    private final UiFiles files = new UiFiles("");

    @Test
    void theRootIsTheIndexPage() {
        StaticFile index = files.file("/");
        assertNotNull(index);
        assertEquals("text/html; charset=utf-8", index.contentType());
        assertSame(index, files.file("/index.html"), "read once, then cached");
    }

    @Test
    void chartJsComesFromTheWebJarsVersion() {
        StaticFile chart = files.file("/vendor/chart.js");
        assertNotNull(chart, "the chart.js WebJar is on the class path");
        assertTrue(new String(chart.bytes(), StandardCharsets.UTF_8).contains("Chart"));
    }

    @Test
    void pagesAreServedByName() {
        assertEquals("text/javascript; charset=utf-8", files.file("/js/pages/overview.js").contentType());
        assertEquals("text/css; charset=utf-8", files.file("/app.css").contentType());
    }

    @Test
    void nothingOutsideTheBundleIsReachable() {
        for (String p : new String[] {"/js/../../ManagementServer.class", "/..", "/js/", "//app.css", "/.hidden.js",
                "/ManagementServer.class", "/META-INF/MANIFEST.MF", "/nope.js", "/js/%2e%2e/x.js",
                "/webjars/chart.js/4.5.1/dist/chart.js"}) {
            assertNull(files.file(p), p);
        }
    }

    @Test
    void entityTagsMatchAsIfNoneMatchLists() {
        StaticFile f = StaticFile.of("text/plain", "x".getBytes(StandardCharsets.UTF_8));
        assertTrue(f.etag().startsWith("\"") && f.etag().endsWith("\""));
        assertTrue(f.matches(f.etag()));
        assertTrue(f.matches("\"a\", W/" + f.etag()));
        assertTrue(f.matches("*"));
        assertFalse(f.matches("\"a\""));
        assertFalse(f.matches(null));
        assertFalse(f.etag().equals(StaticFile.of("text/plain", "y".getBytes(StandardCharsets.UTF_8)).etag()));
    }
}
