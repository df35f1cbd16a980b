package io.warrenmq.management.ui;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.warrenmq.management.http.ApiException;
import io.warrenmq.management.http.ApiRequest;
import io.warrenmq.management.http.ApiResponse;
import io.warrenmq.management.http.Handler;
import io.warrenmq.management.http.RawBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web UI's files: the bundle under {@code io/warrenmq/management/ui/} in this jar, and
 * Chart.js from its WebJar as {@code /vendor/chart.js}. Every path outside {@code /api/} comes
 * here (HttpDispatcher), without authentication: the files hold no data, and the login page must
 * load before anyone has logged in.
 *
 * <p>Each file is read once and kept with its entity tag; a request whose {@code If-None-Match}
 * names it is answered 304 without a body. {@code Cache-Control: no-cache} makes the browser ask
 * each time (cheap: 304), so a new broker version's files are seen at once. Compression is the
 * listener's. Only file names of letters, digits, {@code .-_} with a known extension are served,
 * so nothing else on the class path can be reached; anything else is 404.
 *
 * <p>Thread-safety: the cache is a concurrent map; handlers run on the management loop (a first
 * read of a file is a class-path read of a few kilobytes, once).
 */
public final class UiFiles implements Handler {
    private static final String ROOT = "io/warrenmq/management/ui/";
    private static final String CHART_JS_PROPERTIES = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

    private final String pathPrefix;
    private final ClassLoader loader = UiFiles.class.getClassLoader();
    private final Map<String, StaticFile> cache = new ConcurrentHashMap<>();
    private final String chartJs;

    /** @param pathPrefix {@code management.path_prefix} ("" or "/rabbitmq"): where {@code ""} redirects to */
    public UiFiles(String pathPrefix) {
        this.pathPrefix = pathPrefix;
        this.chartJs = chartJsResource();
    }

    @Override
    public ApiResponse handle(ApiRequest req) {
        if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
            throw ApiException.methodNotAllowed();
        }
        String path = req.path();
        if (path.isEmpty()) {
            // "/rabbitmq" without its slash: the page's relative links need the slash
            return ApiResponse.status(HttpResponseStatus.MOVED_PERMANENTLY, null)
                    .header(HttpHeaderNames.LOCATION.toString(), pathPrefix + "/");
        }
        StaticFile file = file(path);
        if (file == null) {
            throw ApiException.notFound();
        }
        if (file.matches(req.header(HttpHeaderNames.IF_NONE_MATCH.toString()))) {
            return ApiResponse.status(HttpResponseStatus.NOT_MODIFIED, null)
                    .header(HttpHeaderNames.ETAG.toString(), file.etag());
        }
        ApiResponse ok = ApiResponse.ok(new RawBody(file.contentType(), file.bytes()))
                .header(HttpHeaderNames.ETAG.toString(), file.etag())
                .header("X-Content-Type-Options", "nosniff");
        if (file.contentType().startsWith("text/html")) {
            // a console with destructive buttons must not be framed by another site (clickjacking),
            // and runs no script but its own
            ok.header("X-Frame-Options", "DENY").header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        }
        return ok;
    }

    /** The file served at {@code path} (after the prefix), or null. */
    StaticFile file(String path) {
        String resource = resourceFor(path);
        if (resource == null) {
            return null;
        }
        StaticFile cached = cache.get(resource);
        if (cached != null) {
            return cached;
        }
        byte[] bytes = read(resource);
        if (bytes == null) {
            return null; // not cached: unknown names must not fill the map
        }
        StaticFile f = StaticFile.of(ContentTypes.of(resource), bytes);
        cache.put(resource, f);
        return f;
    }

    private String resourceFor(String path) {
        if (path.equals("/") || path.equals("/index.html")) {
            return ROOT + "index.html";
        }
        if (path.equals("/vendor/chart.js")) {
            return chartJs;
        }
        String[] segments = path.substring(1).split("/", -1);
        for (String s : segments) {
            if (!SEGMENT.matcher(s).matches()) {
                return null; // "", "..", "%2e", anything odd
            }
        }
        String rel = path.substring(1);
        return ContentTypes.of(rel) == null ? null : ROOT + rel;
    }

    private byte[] read(String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }

    /** Chart.js' UMD build in the WebJar the pom names (its version read from the WebJar itself). */
    private String chartJsResource() {
        try (InputStream in = loader.getResourceAsStream(CHART_JS_PROPERTIES)) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            return "META-INF/resources/webjars/chart.js/" + p.getProperty("version") + "/dist/chart.umd.min.js";
        } catch (IOException e) {
            return null;
        }
    }
}
