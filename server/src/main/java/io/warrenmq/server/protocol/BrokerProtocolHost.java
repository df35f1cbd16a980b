package io.warrenmq.server.protocol;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalChannel;
import io.warrenmq.auth.UserDatabase;
import io.warrenmq.server.BrokerConfig;
import io.warrenmq.server.connection.Authenticator;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The {@link ProtocolHost} of a running broker: its authenticator, and connections to its direct
 * listener (on the {@code amqp-direct} loop, as Netty 4.2's NIO loops cannot carry local channels).
 *
 * <p>Thread-safety: immutable; the direct listener is read when a connection is made.
 */
public final class BrokerProtocolHost implements ProtocolHost {
    private final BrokerConfig config;
    private final Authenticator authenticator;
    private final UserDatabase users;
    private final EventLoopGroup directGroup;
    private final Supplier<Channel> directListener;
    private final Supplier<io.warrenmq.server.vhost.VirtualHosts> vhosts;
    private final io.warrenmq.server.activity.ConnectionRegistry registry;

    public BrokerProtocolHost(BrokerConfig config, Authenticator authenticator, UserDatabase users,
            EventLoopGroup directGroup, Supplier<Channel> directListener,
            Supplier<io.warrenmq.server.vhost.VirtualHosts> vhosts, io.warrenmq.server.activity.ConnectionRegistry registry) {
        this.vhosts = vhosts;
        this.registry = registry;
        this.config = config;
        this.authenticator = authenticator;
        this.users = users;
        this.directGroup = directGroup;
        this.directListener = directListener;
    }

    @Override
    public Authenticator.Login authenticate(String mechanism, byte[] response, SocketAddress remote) {
        if (!authenticator.offers(mechanism, false)) {
            return new Authenticator.Login.Refused(null, "mechanism " + mechanism + " is not enabled");
        }
        return authenticator.authenticate(mechanism, response, remote);
    }

    @Override
    public io.warrenmq.server.activity.LiveConnection connectionOpened(io.warrenmq.server.activity.ConnectionFacts facts,
            Channel socket, io.warrenmq.server.activity.LiveConnection.Control control) {
        io.warrenmq.server.activity.TrafficCounter traffic = socket.pipeline().get(io.warrenmq.server.activity.TrafficCounter.class);
        io.warrenmq.server.activity.LiveConnection live = new io.warrenmq.server.activity.LiveConnection(facts,
                traffic != null ? traffic : new io.warrenmq.server.activity.TrafficCounter(), control);
        registry.opened(live);
        return live;
    }

    @Override
    public void connectionClosed(io.warrenmq.server.activity.LiveConnection connection) {
        registry.closed(connection);
    }

    @Override
    public boolean userExists(String user) {
        return users.user(user).isPresent();
    }

    @Override
    public String defaultVhost() {
        return config.defaultVhost();
    }

    @Override
    public long maxMessageSize() {
        return config.maxMessageSize();
    }

    @Override
    public ChannelFuture connectInternal(ChannelHandler handler) {
        Channel listener = directListener.get();
        if (listener == null) {
            throw new IllegalStateException("the broker is not started");
        }
        return new Bootstrap().group(directGroup).channel(LocalChannel.class).handler(handler)
                .connect(listener.localAddress());
    }

    @Override
    public java.util.Optional<io.warrenmq.codec.types.FieldTable> queueArguments(String vhost, String queue) {
        io.warrenmq.server.vhost.VirtualHosts all = vhosts.get();
        io.warrenmq.server.vhost.VirtualHost v = all == null ? null : all.get(vhost);
        io.warrenmq.server.queue.Queue q = v == null ? null : v.queue(queue);
        return q == null ? java.util.Optional.empty() : java.util.Optional.of(q.arguments());
    }

    @Override
    public String registerConsumerFilter(io.warrenmq.server.queue.ConsumerFilter filter) {
        return vhosts.get().consumerFilters().register(filter);
    }

    @Override
    public void unregisterConsumerFilter(String token) {
        io.warrenmq.server.vhost.VirtualHosts all = vhosts.get();
        if (all != null) {
            all.consumerFilters().unregister(token);
        }
    }

    @Override
    public String internalMechanism() {
        return Authenticator.DIRECT;
    }

    @Override
    public byte[] internalResponse(String user) {
        return (user + "\0" + authenticator.directToken()).getBytes(StandardCharsets.UTF_8);
    }
}
