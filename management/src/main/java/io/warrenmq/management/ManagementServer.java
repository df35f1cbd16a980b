package io.warrenmq.management;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.warrenmq.management.backend.ManagementBackend;
import io.warrenmq.management.http.HttpDispatcher;
import io.warrenmq.management.http.HttpListener;
import io.warrenmq.management.prometheus.PrometheusRoutes;
import io.warrenmq.management.resources.Resources;
import io.warrenmq.management.ui.UiFiles;
import java.util.concurrent.TimeUnit;

/**
 * The management API's listener ({@code management.tcp.port}, 15672) and the Prometheus
 * endpoint's ({@code prometheus.tcp.port}, 15692).
 *
 * <p>Threads: one event loop of its own, {@code mgmt-http}, for both listeners. why its own: a
 * listing of 100k queues takes tens of milliseconds to build and write, and must not delay a
 * message on an AMQP loop; the API reads broker state through snapshots and posts its changes to
 * the owners' loops, so it never holds a broker lock while it writes.
 */
public final class ManagementServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final HttpListener api;
    private final HttpListener https;
    private final HttpListener prometheus;

    private ManagementServer(EventLoopGroup group, HttpListener api, HttpListener https, HttpListener prometheus) {
        this.group = group;
        this.api = api;
        this.https = https;
        this.prometheus = prometheus;
    }

    /**
     * Binds the listeners {@code options} enables.
     *
     * @param ssl the API's HTTPS context ({@code management.ssl.*}), served on {@code options.httpsPort()};
     *     null: no HTTPS listener
     * @throws Exception when a port cannot be bound (the caller reports it)
     */
    public static ManagementServer start(ManagementOptions options, ManagementBackend backend, SslContext ssl)
            throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("mgmt-http", true),
                NioIoHandler.newFactory());
        HttpListener api = null;
        HttpListener https = null;
        HttpListener prom = null;
        try {
            if (options.enabled()) {
                HttpDispatcher d = new HttpDispatcher(Resources.api(backend), backend.authenticator(),
                        options.pathPrefix(), options.corsOrigins(), "RabbitMQ Management",
                        new UiFiles(options.pathPrefix()));
                if (options.port() >= 0) {
                    api = HttpListener.bind(group, options.host(), options.port(), null, options.maxBodySize(), d,
                            "management.tcp.port");
                }
                if (ssl != null && options.httpsPort() >= 0) {
                    https = HttpListener.bind(group, options.host(), options.httpsPort(), ssl, options.maxBodySize(), d,
                            "management.ssl.port");
                }
            }
            if (options.prometheusEnabled()) {
                HttpDispatcher d = new HttpDispatcher(PrometheusRoutes.router(backend), null, "", java.util.List.of(),
                        "RabbitMQ Prometheus");
                prom = HttpListener.bind(group, options.prometheusHost(), options.prometheusPort(), null,
                        options.maxBodySize(), d, "prometheus.tcp.port");
            }
            // the stats sampler runs on this loop: it stops with it, and its rings are read here too
            backend.stats().startSampling(group.next());
            return new ManagementServer(group, api, https, prom);
        } catch (Exception | Error e) {
            if (api != null) {
                api.close();
            }
            if (https != null) {
                https.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
            throw e;
        }
    }

    /** The API's port (the bound one when 0 was asked); -1 when it is off. */
    public int port() {
        return api == null ? -1 : api.port();
    }

    /** The API's HTTPS port; -1 when there is no HTTPS listener. */
    public int httpsPort() {
        return https == null ? -1 : https.port();
    }

    /** The Prometheus endpoint's port; -1 when it is off. */
    public int prometheusPort() {
        return prometheus == null ? -1 : prometheus.port();
    }

    @Override
    public void close() {
        if (api != null) {
            api.close();
        }
        if (https != null) {
            https.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
