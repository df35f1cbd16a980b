package io.warrenmq.management.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;

/**
 * One HTTP listener (the API's, or Prometheus'): Netty's HTTP/1.1 codec with keep-alive,
 * compression when the client accepts it, bodies aggregated up to a limit (larger ones get 413
 * before anything is buffered past the limit), then the {@link HttpDispatcher}.
 */
public final class HttpListener implements AutoCloseable {
    private final Channel channel;

    private HttpListener(Channel channel) {
        this.channel = channel;
    }

    /**
     * Binds {@code host:port} (0: a free port) on {@code group}.
     *
     * @param ssl null for plain HTTP
     * @param configKey the setting that chooses this port, named when the port is taken
     * @throws java.net.BindException "port N is in use by another process; set KEY" when it is taken
     */
    public static HttpListener bind(EventLoopGroup group, String host, int port, SslContext ssl, int maxBodySize,
            HttpDispatcher dispatcher, String configKey) throws InterruptedException, java.net.BindException {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (ssl != null) {
                            p.addLast("tls", ssl.newHandler(ch.alloc()));
                        }
                        p.addLast("http", new HttpServerCodec());
                        p.addLast("compress", new Compression());
                        p.addLast("aggregate", new BodyLimit(maxBodySize));
                        p.addLast("dispatch", dispatcher);
                    }
                });
        io.netty.channel.ChannelFuture bound = b.bind(host, port).await();
        if (bound.cause() instanceof java.net.BindException) {
            throw new java.net.BindException("port " + port + " is in use by another process; set " + configKey);
        }
        Channel ch = bound.sync().channel();
        return new HttpListener(ch);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
    }
}
