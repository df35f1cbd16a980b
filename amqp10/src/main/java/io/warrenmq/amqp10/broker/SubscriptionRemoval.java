package io.warrenmq.amqp10.broker;

import io.warrenmq.amqp10.codec.Attach;
import io.warrenmq.amqp10.codec.ErrorCondition;
import io.warrenmq.amqp10.codec.Flow;
import io.warrenmq.codec.method.Method;
import io.warrenmq.codec.method.QueueMethod;
import io.warrenmq.codec.types.BasicProperties;
import io.warrenmq.codec.types.FieldTable;
import java.util.List;

/**
 * qpid-jms's {@code unsubscribe(name)}: a receiving link with the subscription's link name and a
 * null source. If the durable subscription exists the attach is answered with its source, and the
 * peer's detach with closed=true deletes its queue (if-unused: an active subscription is refused
 * with {@code amqp:resource-locked}, a JMSException); if not, with a null source and a detach with
 * {@code amqp:not-found}, which qpid-jms 2.10 turns into InvalidDestinationException (without the
 * error it reports only "Open failed unexpectedly").
 *
 * <p>Thread-safety: confined to the connection's loop.
 */
final class SubscriptionRemoval implements Link, Bridge.ChannelListener {
    private final Session session;
    private final Attach attach;
    private final String queue;
    private int bridgeChannel = -1;
    private boolean closed;

    private SubscriptionRemoval(Session session, Attach attach, String queue) {
        this.session = session;
        this.attach = attach;
        this.queue = queue;
    }

    /** Answers the lookup; returns the link when the subscription exists, else null (refused). */
    static SubscriptionRemoval lookUp(Session session, Attach a) {
        Amqp10Connection c = session.connection();
        String queue = Subscription.lookupQueue(a.name(), c.containerId(), a.desiredCapabilities());
        FieldTable args = c.host().queueArguments(c.bridge().vhost(), queue).orElse(null);
        if (args == null || !Subscription.isSubscription(args)) {
            // a null source and amqp:not-found: qpid-jms's InvalidDestinationException
            session.refuseAttach(a, ErrorCondition.of(ErrorCondition.NOT_FOUND, "no durable subscription '"
                    + Subscription.subscriptionName(a.name()) + "'"));
            return null;
        }
        c.send(session.channel(), new Attach(a.name(), a.handle(), false, Attach.SND_UNSETTLED, Attach.RCV_FIRST,
                Subscription.sourceOf(args), a.target(), 0, 0, List.of(), List.of(), null));
        c.flush();
        return new SubscriptionRemoval(session, a, queue);
    }

    @Override
    public long handle() {
        return attach.handle();
    }

    @Override
    public void onFlow(Flow flow) {
        // nothing is sent on a lookup link
    }

    /** The peer's detach: closed=true removes the subscription, then the detach is answered. */
    void peerDetached(boolean closedByPeer) {
        if (!closedByPeer) {
            session.answerDetach(handle(), false, null);
            return;
        }
        Bridge bridge = session.connection().bridge();
        bridgeChannel = bridge.openChannel(this);
        bridge.send(bridgeChannel, new QueueMethod.Delete(queue, true, false, false));
    }

    @Override
    public void detached() {
        if (bridgeChannel >= 0) {
            session.connection().bridge().closeChannel(bridgeChannel);
            bridgeChannel = -1;
        }
    }

    @Override
    public void method(Method m) {
        if (m instanceof QueueMethod.DeleteOk && !closed) {
            closed = true;
            detached();
            session.answerDetach(handle(), true, null);
        }
    }

    @Override
    public void content(Method m, BasicProperties properties, byte[] body) {
    }

    @Override
    public void closed(int replyCode, String replyText) {
        bridgeChannel = -1;
        if (!closed) {
            closed = true;
            ErrorCondition error = replyCode == 406 && replyText != null && replyText.contains("in use")
                    ? ErrorCondition.of(ErrorCondition.RESOURCE_LOCKED, "durable subscription '"
                            + Subscription.subscriptionName(attach.name()) + "' has active consumers")
                    : Conditions.of(replyCode, replyText);
            session.answerDetach(handle(), true, error);
        }
    }
}
