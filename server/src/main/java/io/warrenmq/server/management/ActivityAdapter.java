package io.warrenmq.server.management;

import io.warrenmq.management.backend.ActivityBackend;
import io.warrenmq.management.backend.ChannelView;
import io.warrenmq.management.backend.ConnectionView;
import io.warrenmq.server.Broker;
import io.warrenmq.server.activity.ConnectionFacts;
import io.warrenmq.server.activity.LiveConnection;
import io.warrenmq.server.channel.ChannelSnapshot;
import io.warrenmq.server.definitions.JsonArguments;
import io.warrenmq.server.queue.Queue;
import io.warrenmq.server.vhost.VirtualHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The management API's {@link ActivityBackend} over the broker's {@link
 * io.warrenmq.server.activity.ConnectionRegistry}: connection views from the figures each
 * connection publishes, channel views from snapshots taken on the connections' loops.
 *
 * <p>Thread-safety: called on the management event loop; reads published figures, and posts
 * everything else (closing, channel snapshots) to the owning loops.
 */
final class ActivityAdapter implements ActivityBackend {
    private final Broker broker;

    ActivityAdapter(Broker broker) {
        this.broker = broker;
    }

    @Override
    public Totals totals() {
        int consumers = 0;
        for (VirtualHost v : broker.vhosts().all()) {
            for (Queue q : v.queues()) {
                consumers += q.consumerCount();
            }
        }
        return new Totals(broker.connectionRegistry().size(), broker.connectionRegistry().channelCount(), consumers);
    }

    @Override
    public List<ConnectionView> connections() {
        long now = System.currentTimeMillis();
        List<ConnectionView> views = new ArrayList<>();
        for (LiveConnection c : broker.connectionRegistry().all()) {
            views.add(view(c, now));
        }
        return views;
    }

    @Override
    public Optional<ConnectionView> connection(String name) {
        return broker.connectionRegistry().get(name).map(c -> view(c, System.currentTimeMillis()));
    }

    @Override
    public boolean closeConnection(String name, String reason) {
        Optional<LiveConnection> c = broker.connectionRegistry().get(name);
        c.ifPresent(live -> live.control().forceClose(reason));
        return c.isPresent();
    }

    @Override
    public CompletionStage<List<ChannelView>> channels(List<ConnectionView> of) {
        CompletableFuture<List<ChannelView>> all = CompletableFuture.completedFuture(new ArrayList<>());
        for (ConnectionView view : of) {
            Optional<LiveConnection> live = broker.connectionRegistry().get(view.name());
            if (live.isEmpty()) {
                continue; // closed meanwhile
            }
            CompletionStage<List<ChannelSnapshot>> snaps = live.get().control().channelSnapshots();
            all = all.thenCombine(snaps, (list, s) -> {
                for (ChannelSnapshot ch : s) {
                    list.add(channelView(view, ch));
                }
                return list;
            });
        }
        return all.thenApply(List::copyOf);
    }

    @Override
    public boolean vhostExists(String vhost) {
        return broker.vhosts().get(vhost) != null;
    }

    private static ConnectionView view(LiveConnection c, long now) {
        ConnectionFacts f = c.facts();
        ConnectionFacts.TlsFacts t = f.tls();
        ConnectionView.TlsView tls = t == null ? null
                : new ConnectionView.TlsView(t.protocol(), t.cipherSuite(), t.peerCertSubject(), t.peerCertIssuer(),
                        t.peerCertValidity());
        return new ConnectionView(f.name(), f.user(), f.vhost(), f.connectedAt(), f.clientProperties(),
                c.state().apiName(), f.host(), f.port(), f.peerHost(), f.peerPort(), f.channelMax(), f.frameMax(),
                f.heartbeat(), f.authMechanism(), c.channels(), tls, c.traffic().recvOct(), c.traffic().recvCnt(),
                c.traffic().sendOct(), c.traffic().sendCnt(), c.recvOctRate(now), c.sendOctRate(now), c.sendPend(), f.protocol());
    }

    private ChannelView channelView(ConnectionView connection, ChannelSnapshot s) {
        ChannelSnapshot.Stats st = s.stats();
        List<ChannelView.ConsumerView> consumers = new ArrayList<>(s.consumers().size());
        for (ChannelSnapshot.ConsumerSnapshot c : s.consumers()) {
            consumers.add(new ChannelView.ConsumerView(c.tag(), c.queueVhost(), c.queueName(), c.ackRequired(),
                    c.exclusive(), c.prefetchCount(), JsonArguments.toJson(c.arguments()), c.active(),
                    c.activityStatus(), broker.config().consumerTimeoutMillis()));
        }
        return new ChannelView(connection, s.number(), s.state(), s.confirm(), s.transactional(), s.prefetchCount(),
                s.globalPrefetchCount(), s.messagesUnacknowledged(), (int) s.messagesUnconfirmed(),
                s.messagesUncommitted(), s.acksUncommitted(),
                new ChannelView.Stats(st.publish(), st.confirm(), st.returnUnroutable(), st.deliver(),
                        st.deliverNoAck(), st.get(), st.getNoAck(), st.redeliver(), st.ack(), rates(st.rates())),
                consumers);
    }

    private static ChannelView.Rates rates(ChannelSnapshot.Rates r) {
        return new ChannelView.Rates(r.publish(), r.confirm(), r.returnUnroutable(), r.deliver(), r.deliverNoAck(),
                r.get(), r.getNoAck(), r.redeliver(), r.ack());
    }
}
