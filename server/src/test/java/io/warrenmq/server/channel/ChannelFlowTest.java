package io.warrenmq.server.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warrenmq.codec.method.BasicMethod;
import io.warrenmq.codec.method.ChannelMethod;
import io.warrenmq.codec.method.QueueMethod;
import io.warrenmq.codec.types.BasicProperties;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.server.Handshake;
import io.warrenmq.server.Handshake.Received;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Channel commands end to end through the real pipeline: declare, publish, get, ack, consume, and soft
 * errors that close one channel but leave the connection (and its other channels) working.
 */
class ChannelFlowTest {
    private Handshake h;

    @BeforeEach
    void setUp() {
        h = Handshake.open();
        h.openChannel(1);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private void declare(int channel, String queue) {
        h.send(channel, new QueueMethod.Declare(queue, false, false, false, false, false, FieldTable.EMPTY));
        QueueMethod.DeclareOk ok = h.expect(channel, QueueMethod.DeclareOk.class);
        assertEquals(queue, ok.queue());
    }

    @Test
    void publishedMessageIsReturnedByBasicGetWithItsBodyAndProperties() {
        declare(1, "q");
        BasicProperties props = BasicProperties.EMPTY.withDeliveryMode(2).withHeaders(FieldTable.of(
                java.util.Map.of("k", "v")));
        h.publish(1, "", "q", props, "hello".getBytes(StandardCharsets.UTF_8));
        h.expectNothing(); // publish has no reply

        h.send(1, new BasicMethod.Get("q", false));

        Received got = h.next();
        BasicMethod.GetOk ok = (BasicMethod.GetOk) got.method();
        assertEquals(1, got.channel());
        assertEquals(1, ok.deliveryTag());
        assertFalse(ok.redelivered());
        assertEquals("", ok.exchange());
        assertEquals("q", ok.routingKey());
        assertEquals(0, ok.messageCount());
        assertEquals("hello", got.bodyText());
        assertEquals(props, got.properties());
    }

    @Test
    void basicGetOnEmptyQueueAnswersGetEmpty() {
        declare(1, "q");
        h.send(1, new BasicMethod.Get("q", true));
        h.expect(1, BasicMethod.GetEmpty.class);
    }

    @Test
    void messageCountOfGetOkCountsTheMessagesLeft() {
        declare(1, "q");
        for (int i = 0; i < 3; i++) {
            h.publish(1, "", "q", "m" + i);
        }
        for (int i = 0; i < 3; i++) {
            h.send(1, new BasicMethod.Get("q", true));
            Received got = h.next();
            assertEquals("m" + i, got.bodyText());
            assertEquals(2 - i, ((BasicMethod.GetOk) got.method()).messageCount());
        }
    }

    @Test
    void redeclareReportsReadyMessageCount() {
        declare(1, "q");
        h.publish(1, "", "q", "a");
        h.publish(1, "", "q", "b");

        h.send(1, new QueueMethod.Declare("q", false, false, false, false, false, FieldTable.EMPTY));

        QueueMethod.DeclareOk ok = h.expect(1, QueueMethod.DeclareOk.class);
        assertEquals(2, ok.messageCount());
        assertEquals(0, ok.consumerCount());
    }

    @Test
    void emptyBodyMessageRoundTrips() {
        declare(1, "q");
        h.publish(1, "", "q", BasicProperties.EMPTY, new byte[0]);
        h.send(1, new BasicMethod.Get("q", true));
        Received got = h.next();
        assertArrayEquals(new byte[0], got.body());
    }

    @Test
    void ackOfUnknownDeliveryTagClosesChannelWith406AndConnectionStaysOpen() {
        h.openChannel(2);

        h.send(1, new BasicMethod.Ack(42, false));

        ChannelMethod.Close close = h.expectChannelClose(1, 406);
        assertEquals("PRECONDITION_FAILED - unknown delivery tag 42", close.replyText());
        assertEquals(BasicMethod.CLASS_ID, close.failingClassId());
        assertEquals(BasicMethod.Ack.METHOD_ID, close.failingMethodId());
        h.expectNothing();
        assertTrue(h.isOpen());

        declare(2, "still-works");
    }

    @Test
    void ackTwiceOfSameTagClosesChannelWith406() {
        declare(1, "q");
        h.publish(1, "", "q", "x");
        h.send(1, new BasicMethod.Get("q", false));
        long tag = ((BasicMethod.GetOk) h.next().method()).deliveryTag();
        h.send(1, new BasicMethod.Ack(tag, false));
        h.expectNothing();

        h.send(1, new BasicMethod.Ack(tag, false));

        h.expectChannelClose(1, 406);
    }

    @Test
    void multipleAckOfUnknownTagClosesChannelWith406() {
        h.send(1, new BasicMethod.Ack(3, true));
        h.expectChannelClose(1, 406);
    }

    @Test
    void publishToMissingExchangeClosesChannelWith404NamingBasicPublish() {
        h.publish(1, "no-such-exchange", "rk", "body");

        ChannelMethod.Close close = h.expectChannelClose(1, 404);
        assertEquals("NOT_FOUND - no exchange 'no-such-exchange' in vhost '/'", close.replyText());
        assertEquals(60, close.failingClassId());
        assertEquals(40, close.failingMethodId());
        assertTrue(h.isOpen());
    }

    @Test
    void softErrorChannelDiscardsFramesUntilCloseOkThenCanBeReopened() {
        h.publish(1, "no-such-exchange", "rk", "body");
        h.expectChannelClose(1, 404);

        // all discarded while CLOSING, content frames included
        h.send(1, new QueueMethod.Declare("ignored", false, false, false, false, false, FieldTable.EMPTY));
        h.publish(1, "", "ignored", "body");
        h.send(1, new BasicMethod.Ack(1, false));
        h.expectNothing();
        assertEquals(null, h.vhost().queue("ignored"));

        h.send(1, new ChannelMethod.CloseOk());
        h.expectNothing();

        h.openChannel(1);
        declare(1, "after-reopen");
        assertTrue(h.isOpen());
    }

    @Test
    void channelCloseCrossingOursIsAnsweredWithCloseOk() {
        h.publish(1, "no-such-exchange", "rk", "body");
        h.expectChannelClose(1, 404);

        h.send(1, new ChannelMethod.Close(200, "bye", 0, 0));

        h.expect(1, ChannelMethod.CloseOk.class);
        h.openChannel(1);
    }

    @Test
    void clientChannelCloseIsAnsweredWithCloseOkAndRequeuesUnacked() {
        declare(1, "q");
        h.publish(1, "", "q", "x");
        h.send(1, new BasicMethod.Get("q", false));
        h.next();

        h.send(1, new ChannelMethod.Close(200, "bye", 0, 0));
        h.expect(1, ChannelMethod.CloseOk.class);

        h.openChannel(2);
        h.send(2, new BasicMethod.Get("q", true));
        Received again = h.next();
        assertTrue(((BasicMethod.GetOk) again.method()).redelivered());
        assertEquals("x", again.bodyText());
    }

    @Test
    void consumerReceivesPublishedMessagesInOrderWithIncreasingTags() {
        declare(1, "q");
        h.send(1, new BasicMethod.Consume("q", "ctag", false, false, false, false, FieldTable.EMPTY));
        assertEquals("ctag", h.expect(1, BasicMethod.ConsumeOk.class).consumerTag());

        h.publish(1, "", "q", "one");
        h.publish(1, "", "q", "two");
        h.runPendingTasks();

        List<Received> deliveries = h.received();
        assertEquals(2, deliveries.size(), deliveries::toString);
        for (int i = 0; i < 2; i++) {
            BasicMethod.Deliver d = (BasicMethod.Deliver) deliveries.get(i).method();
            assertEquals("ctag", d.consumerTag());
            assertEquals(i + 1, d.deliveryTag());
            assertEquals("q", d.routingKey());
        }
        assertEquals("one", deliveries.get(0).bodyText());
        assertEquals("two", deliveries.get(1).bodyText());
    }

    @Test
    void nackWithRequeueRedeliversToTheConsumerWithRedeliveredSet() {
        declare(1, "q");
        h.send(1, new BasicMethod.Consume("q", "ctag", false, false, false, false, FieldTable.EMPTY));
        h.expect(1, BasicMethod.ConsumeOk.class);
        h.publish(1, "", "q", "x");
        BasicMethod.Deliver first = (BasicMethod.Deliver) h.next().method();
        assertFalse(first.redelivered());

        h.send(1, new BasicMethod.Nack(first.deliveryTag(), false, true));
        h.runPendingTasks();

        Received again = h.next();
        BasicMethod.Deliver second = (BasicMethod.Deliver) again.method();
        assertTrue(second.redelivered());
        assertEquals(first.deliveryTag() + 1, second.deliveryTag());
        assertEquals("x", again.bodyText());
    }

    @Test
    void getOnMissingQueueClosesChannelWith404() {
        h.send(1, new BasicMethod.Get("nope", false));
        ChannelMethod.Close close = h.expectChannelClose(1, 404);
        assertEquals("NOT_FOUND - no queue 'nope' in vhost '/'", close.replyText());
        assertEquals(BasicMethod.CLASS_ID, close.failingClassId());
        assertEquals(BasicMethod.Get.METHOD_ID, close.failingMethodId());
    }

    @Test
    void bodyLargerThanFrameMaxIsSplitIntoFramesWithinIt() {
        byte[] body = new byte[300_000]; // above Outbound's copy limit: sent as slices
        new java.util.Random(1).nextBytes(body);
        declare(1, "big");
        h.publish(1, "", "big", BasicProperties.EMPTY, body);

        h.send(1, new BasicMethod.Get("big", true));

        Received got = h.next();
        assertArrayEquals(body, got.body());
        assertEquals(131072 - 8, h.largestBodyFramePayload());
    }

    @Test
    void smallNegotiatedFrameMaxSplitsDeliveredBodies() {
        h.close();
        h = Handshake.open(io.warrenmq.server.BrokerConfig.defaults().withFrameMax(4096));
        h.openChannel(1);
        byte[] body = new byte[10_000];
        new java.util.Random(2).nextBytes(body);
        declare(1, "q");
        h.publish(1, "", "q", BasicProperties.EMPTY, body);

        h.send(1, new BasicMethod.Get("q", true));

        assertArrayEquals(body, h.next().body());
        assertEquals(4096 - 8, h.largestBodyFramePayload());
    }

    @Test
    void mandatoryUnroutablePublishIsReturnedWith312() {
        h.publish(1, new BasicMethod.Publish("amq.direct", "nowhere", true, false), BasicProperties.EMPTY,
                "lost".getBytes(StandardCharsets.UTF_8));

        Received returned = h.next();
        BasicMethod.Return r = (BasicMethod.Return) returned.method();
        assertEquals(312, r.replyCode());
        assertEquals("NO_ROUTE", r.replyText());
        assertEquals("amq.direct", r.exchange());
        assertEquals("nowhere", r.routingKey());
        assertEquals("lost", returned.bodyText());
    }

    @Test
    void unroutablePublishWithoutMandatoryIsDroppedSilently() {
        h.publish(1, "amq.direct", "nowhere", "lost");
        h.expectNothing();
        assertTrue(h.isOpen());
    }

    /**
     * A channel gets at most one channel.close (spec 1.5.2: after sending close the peer discards
     * everything but close/close-ok). Here the channel is parked on basic.consume when a later frame
     * of the same write fails (content header above max_message_size, 406) and closes it; the queue's
     * refusal of the consume (exclusive use, 403) then arrives for a channel that is already closing.
     */
    @Test
    void asyncReplyErrorForAChannelAlreadyClosingSendsNoSecondClose() {
        h.close();
        h = Handshake.open(io.warrenmq.server.BrokerConfig.defaults().withMaxMessageSize(10));
        h.openChannel(1);
        h.openChannel(2);
        declare(2, "q");
        h.send(2, new BasicMethod.Consume("q", "owner", false, true, true, false, FieldTable.EMPTY));
        h.expect(2, BasicMethod.ConsumeOk.class);

        io.netty.buffer.ByteBuf out = io.netty.buffer.Unpooled.buffer();
        io.warrenmq.codec.FrameWriter.writeMethod(out, 1,
                new BasicMethod.Consume("q", "", false, true, false, false, FieldTable.EMPTY));
        io.warrenmq.codec.FrameWriter.writeMethod(out, 1, new BasicMethod.Publish("", "q", false, false));
        io.warrenmq.codec.FrameWriter.writeHeader(out, 1, BasicMethod.CLASS_ID, 100, BasicProperties.EMPTY);
        h.channel().writeInbound(out);
        h.runPendingTasks();

        List<Received> all = h.received();
        long closes = all.stream().filter(r -> r.method() instanceof ChannelMethod.Close).count();
        assertEquals(1, closes, all::toString);
        assertTrue(h.isOpen());
    }
}
