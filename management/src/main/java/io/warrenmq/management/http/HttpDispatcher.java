package io.warrenmq.management.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.warrenmq.management.json.Json;
import io.warrenmq.management.json.Listing;
import io.warrenmq.management.security.Authenticator;
import io.warrenmq.management.security.Principal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each HTTP request into a route's handler call and its answer into the response.
 *
 * <p>Order, as RabbitMQ's: path prefix; CORS preflight (OPTIONS, no authentication); route (404 or
 * 405 before any authentication, as cowboy dispatches first); authentication for every
 * {@code /api/} path (HTTP Basic; 401 with {@code WWW-Authenticate} when missing, 401 for a refused
 * login or a user without a management tag); the handler; its answer or its {@link ApiException}
 * as {@code {"error","reason"}}. Anything else a handler throws is logged and answered 500 with a
 * short JSON reason, never a stack trace.
 *
 * <p>Thread-safety: stateless and shared by every connection of one server; runs on the
 * management server's event loop. Handlers must not block; slow work answers
 * {@link ApiResponse#later}.
 */
@ChannelHandler.Sharable
public final class HttpDispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpDispatcher.class);

    private final Router router;
    private final Authenticator authenticator;
    private final String pathPrefix;
    private final List<String> corsOrigins;
    private final String realm;
    private final Handler staticFiles;

    /**
     * @param authenticator null: nothing is authenticated (the Prometheus endpoint)
     * @param realm the Basic realm RabbitMQ names ("RabbitMQ Management")
     */
    public HttpDispatcher(Router router, Authenticator authenticator, String pathPrefix, List<String> corsOrigins,
            String realm) {
        this(router, authenticator, pathPrefix, corsOrigins, realm, null);
    }

    /**
     * @param staticFiles answers every path outside {@code /api/} (the web UI), without
     *     authentication; null: those paths go to the router like any other
     */
    public HttpDispatcher(Router router, Authenticator authenticator, String pathPrefix, List<String> corsOrigins,
            String realm, Handler staticFiles) {
        this.staticFiles = staticFiles;
        this.router = router;
        this.authenticator = authenticator;
        this.pathPrefix = pathPrefix;
        this.corsOrigins = corsOrigins;
        this.realm = realm;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpHeaders extra = new DefaultHttpHeaders();
        addCors(req, extra);
        if (!req.decoderResult().isSuccess()) {
            send(ctx, req, keepAlive, extra, ApiException.badRequest("malformed HTTP request"));
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String rawPath = uri.rawPath();
        if (!pathPrefix.isEmpty()) {
            if (!(rawPath.equals(pathPrefix) || rawPath.startsWith(pathPrefix + "/"))) {
                send(ctx, req, keepAlive, extra, ApiException.notFound());
                return;
            }
            rawPath = rawPath.substring(pathPrefix.length());
        }
        if (req.method().equals(HttpMethod.OPTIONS)) {
            extra.set(HttpHeaderNames.ALLOW, "GET, HEAD, PUT, POST, DELETE, OPTIONS");
            write(ctx, req, keepAlive, extra, ApiResponse.status(HttpResponseStatus.OK, null), Map.of());
            return;
        }
        try {
            List<String> segments = PathTemplate.segments(rawPath);
            if (segments == null) {
                throw ApiException.badRequest("malformed percent-encoding in the path");
            }
            if (staticFiles != null && (segments.isEmpty() || !segments.get(0).equals("api"))) {
                // the UI's files, the login page among them, need no credentials; its /api calls do
                answer(ctx, req, keepAlive, extra, staticFiles.handle(new ApiRequest(req.method(), rawPath, Map.of(),
                        uri.parameters(), req.headers(), new byte[0], null, null)), Map.of());
                return;
            }
            Router.Match match = router.resolve(req.method(), segments);
            Principal principal = null;
            if (authenticator != null && !segments.isEmpty() && segments.get(0).equals("api")) {
                principal = authenticate(req, (InetSocketAddress) ctx.channel().remoteAddress(), extra);
            }
            ApiRequest request = new ApiRequest(req.method(), rawPath, match.variables(), uri.parameters(),
                    req.headers(), ByteBufUtil.getBytes(req.content()), (InetSocketAddress) ctx.channel().remoteAddress(),
                    principal);
            ApiResponse response = match.handler().handle(request);
            answer(ctx, req, keepAlive, extra, response, uri.parameters());
        } catch (ApiException e) {
            send(ctx, req, keepAlive, extra, e);
        } catch (RuntimeException e) {
            LOG.error("management request {} {} failed", req.method(), req.uri(), e);
            send(ctx, req, keepAlive, extra, internal(e));
        }
    }

    private void answer(ChannelHandlerContext ctx, FullHttpRequest req, boolean keepAlive, HttpHeaders extra,
            ApiResponse response, Map<String, List<String>> query) {
        if (response.later() == null) {
            write(ctx, req, keepAlive, extra, response, query);
            return;
        }
        req.retain(); // the answer comes later: keep the request (HEAD check, headers) alive until then
        response.later().whenComplete((r, failure) -> ctx.executor().execute(() -> {
            try {
                if (failure == null) {
                    answer(ctx, req, keepAlive, extra, r, query);
                } else {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (cause instanceof ApiException api) {
                        send(ctx, req, keepAlive, extra, api);
                    } else {
                        LOG.error("management request {} {} failed", req.method(), req.uri(), cause);
                        send(ctx, req, keepAlive, extra, internal(cause));
                    }
                }
            } finally {
                req.release();
            }
        }));
    }

    private Principal authenticate(FullHttpRequest req, InetSocketAddress peer, HttpHeaders extra) {
        String header = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            extra.set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"" + realm + "\"");
            throw new ApiException(HttpResponseStatus.UNAUTHORIZED, "not_authorized", "Not_Authorized");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpResponseStatus.UNAUTHORIZED, "not_authorized", "Login failed");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new ApiException(HttpResponseStatus.UNAUTHORIZED, "not_authorized", "Login failed");
        }
        Authenticator.Result result = authenticator.authenticate(decoded.substring(0, colon),
                decoded.substring(colon + 1), peer);
        if (result instanceof Authenticator.Result.Refused refused) {
            LOG.warn("HTTP access denied: user '{}' from {} - {}", decoded.substring(0, colon), peer, refused.reason());
            if (refused.loopbackOnly()) {
                throw ApiException.notAuthorised("User can only log in via localhost");
            }
            throw new ApiException(HttpResponseStatus.UNAUTHORIZED, "not_authorized", "Login failed");
        }
        Principal p = ((Authenticator.Result.Accepted) result).principal();
        if (!p.isManagementUser()) {
            LOG.warn("HTTP access denied: user '{}' from {} - Not management user", p.name(), peer);
            throw ApiException.notAuthorised("Not management user");
        }
        return p;
    }

    private static ApiException internal(Throwable e) {
        return new ApiException(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal_server_error",
                e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }

    private void addCors(FullHttpRequest req, HttpHeaders extra) {
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (origin == null || corsOrigins.isEmpty()) {
            return;
        }
        if (corsOrigins.contains("*") || corsOrigins.contains(origin)) {
            extra.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            extra.set(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
            extra.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
            if (req.method().equals(HttpMethod.OPTIONS)) {
                extra.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, PUT, POST, DELETE, OPTIONS");
                extra.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS,
                        "authorization, content-type, x-vhost, x-reason");
                extra.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "1800");
            }
        }
    }

    private void send(ChannelHandlerContext ctx, FullHttpRequest req, boolean keepAlive, HttpHeaders extra,
            ApiException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.error());
        body.put("reason", e.reason());
        write(ctx, req, keepAlive, extra, ApiResponse.status(e.status(), body), Map.of());
    }

    private void write(ChannelHandlerContext ctx, FullHttpRequest req, boolean keepAlive, HttpHeaders extra,
            ApiResponse response, Map<String, List<String>> query) {
        HttpHeaders headers = new DefaultHttpHeaders();
        headers.add(extra);
        response.headers().forEach(headers::set);
        if (!headers.contains(HttpHeaderNames.CACHE_CONTROL)) {
            headers.set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        }
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (req.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        Object body = response.body();
        io.netty.channel.ChannelFuture done;
        if (body == null) {
            DefaultFullHttpResponse empty = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, response.status(),
                    ctx.alloc().buffer(0), headers, io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
            if (response.status().code() != 204 && response.status().code() != 304) {
                headers.setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
            }
            done = ctx.writeAndFlush(empty);
        } else if (body instanceof EventStream events) {
            events.start(ctx, headers, req.method().equals(HttpMethod.HEAD));
            return; // the stream ends itself; the connection stays open for it
        } else if (body instanceof RawBody raw) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, raw.contentType());
            BodyStream out = new BodyStream(ctx, response.status(), headers);
            if (!req.method().equals(HttpMethod.HEAD)) {
                out.write(raw.bytes(), 0, raw.bytes().length);
            }
            done = out.finish();
        } else {
            headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            Object shaped = response.isListing()
                    ? Listing.apply(castItems(body), query, response.defaultSort())
                    : Listing.projectOne(body, query);
            BodyStream out = new BodyStream(ctx, response.status(), headers);
            try {
                if (!req.method().equals(HttpMethod.HEAD)) {
                    Json.write(shaped, out);
                }
            } catch (java.io.IOException | RuntimeException e) {
                boolean nothingSent = out.abandon();
                LOG.error("management response to {} {} failed", req.method(), req.uri(), e);
                if (nothingSent) {
                    send(ctx, req, keepAlive, extra, internal(e));
                } else {
                    ctx.close(); // half a body is out: the only honest end is to cut the connection
                }
                return;
            }
            done = out.finish();
        }
        if (!keepAlive) {
            done.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<? extends io.warrenmq.management.json.ListItem> castItems(Object body) {
        return (List<? extends io.warrenmq.management.json.ListItem>) body;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("management connection {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
