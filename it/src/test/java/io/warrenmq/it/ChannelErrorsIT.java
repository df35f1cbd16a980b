package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectChannelError;
import static io.warrenmq.it.AmqpAssertions.expectConnectionError;
import static io.warrenmq.it.EmbeddedBroker.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * AMQP 0-9-1 §1.2 / §4.2.3: soft errors close the channel only; hard errors (frame errors, channel
 * misuse, unexpected frames) close the connection. Either way other channels and connections must
 * not notice. Protocol violations the Java client refuses to commit are sent with a raw socket.
 */
class ChannelErrorsIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    /** A channel exception closes that channel; its siblings and other connections keep working. */
    @Test
    void channelErrorClosesOnlyThatChannel() throws Exception {
        Connection connection = broker.newConnection();
        Channel failing = connection.createChannel();
        Channel sibling = connection.createChannel();
        Channel elsewhere = broker.newConnection().createChannel();

        expectChannelError(AMQP.NOT_FOUND, () -> failing.queueDeclarePassive(uniqueName("missing")));

        assertFalse(failing.isOpen());
        assertTrue(connection.isOpen());
        assertChannelWorks(sibling);
        assertChannelWorks(elsewhere);
    }

    /** After the broker closes a channel the client may open the same channel number again. */
    @Test
    void channelNumberCanBeReusedAfterAChannelError() throws Exception {
        Connection connection = broker.newConnection();
        Channel failing = connection.createChannel(7);
        expectChannelError(AMQP.NOT_FOUND, () -> failing.exchangeDeclarePassive(uniqueName("missing")));
        Channel reopened = Await.result("channel 7 to be reusable", () -> connection.createChannel(7), c -> c != null);
        assertEquals(7, reopened.getChannelNumber());
        assertChannelWorks(reopened);
    }

    /** Many errors in a row on fresh channels leave the connection healthy. */
    @Test
    void repeatedChannelErrorsDoNotHurtTheConnection() throws Exception {
        Connection connection = broker.newConnection();
        for (int i = 0; i < 20; i++) {
            Channel channel = connection.createChannel();
            expectChannelError(AMQP.NOT_FOUND, () -> channel.queueDeclarePassive(uniqueName("missing")));
        }
        assertChannelWorks(connection.createChannel());
    }

    /** A connection error closes every channel of that connection, but no other connection. */
    @Test
    void connectionErrorClosesAllItsChannelsButNotOtherConnections() throws Exception {
        Connection doomed = broker.newConnection();
        Channel first = doomed.createChannel();
        Channel second = doomed.createChannel();
        Channel bystander = broker.newConnection().createChannel();

        // RabbitMQ: prefetch_size != 0 is NOT_IMPLEMENTED, a hard error
        expectConnectionError(AMQP.NOT_IMPLEMENTED, doomed, () -> first.basicQos(1024, 1, false));

        Await.until("the connection's other channel to be closed too", () -> !second.isOpen());
        AmqpAssertions.assertConnectionClosed(AMQP.NOT_IMPLEMENTED, second.getCloseReason());
        assertChannelWorks(bystander);
    }

    /**
     * RabbitMQ (rabbit_channel): any method but channel.open on a channel that is not open is
     * CHANNEL_ERROR (504) "expected 'channel.open'", a connection error.
     */
    @Test
    void methodOnAChannelThatWasNeverOpenedIsChannelError() throws Exception {
        Channel bystander = broker.newChannel();
        RawAmqpClient raw = broker.newRawClient();
        raw.handshake(0);
        raw.sendMethod(5, 50, 10, RawAmqpClient.queueDeclare("never-opened"));
        assertEquals(AMQP.CHANNEL_ERROR, raw.expectConnectionClose().replyCode());
        assertChannelWorks(bystander);
    }

    /** The same applies to a channel after it was closed: commands on it are CHANNEL_ERROR (504). */
    @Test
    void methodOnAClosedChannelIsChannelError() throws Exception {
        Channel bystander = broker.newChannel();
        RawAmqpClient raw = broker.newRawClient();
        raw.handshake(0);
        raw.openChannel(1);
        raw.closeChannel(1);
        raw.sendMethod(1, 50, 10, RawAmqpClient.queueDeclare("after-close"));
        assertEquals(AMQP.CHANNEL_ERROR, raw.expectConnectionClose().replyCode());
        assertChannelWorks(bystander);
    }

    /** RabbitMQ: "second 'channel.open' seen" on an open channel is CHANNEL_ERROR (504), a connection error. */
    @Test
    void openingAnOpenChannelAgainIsChannelError() throws Exception {
        RawAmqpClient raw = broker.newRawClient();
        raw.handshake(0);
        raw.openChannel(1);
        raw.sendMethod(1, 20, 10, new RawAmqpClient.Arguments().shortString(""));
        assertEquals(AMQP.CHANNEL_ERROR, raw.expectConnectionClose().replyCode());
    }

    /**
     * §4.2.3: a peer that receives a frame larger than the negotiated frame-max MUST treat it as a
     * connection exception with reply code 501 (frame error). The size is judged from the frame
     * header, so only the header is sent.
     */
    @Test
    void frameLargerThanFrameMaxIsFrameError() throws Exception {
        Channel bystander = broker.newChannel();
        RawAmqpClient raw = broker.newRawClient();
        RawAmqpClient.Tune tune = raw.handshake(0);
        raw.openChannel(1);
        raw.sendFrameHeaderOnly(RawAmqpClient.FRAME_METHOD, 1, tune.frameMax() * 8);
        assertEquals(AMQP.FRAME_ERROR, raw.expectConnectionClose().replyCode());
        assertTrue(raw.awaitDisconnect(Duration.ofSeconds(30)), "broker must close the socket after a frame error");
        assertChannelWorks(bystander);
    }

    /** §2.3.5.1: a frame whose frame-end octet is not 0xCE is a fatal frame error (501). */
    @Test
    void badFrameEndOctetIsFrameError() throws Exception {
        Channel bystander = broker.newChannel();
        RawAmqpClient raw = broker.newRawClient();
        raw.handshake(0);
        byte[] channelOpen = RawAmqpClient.methodPayload(20, 10, new RawAmqpClient.Arguments().shortString(""));
        raw.sendFrame(RawAmqpClient.FRAME_METHOD, 1, channelOpen, 0x00);
        assertEquals(AMQP.FRAME_ERROR, raw.expectConnectionClose().replyCode());
        assertChannelWorks(bystander);
    }

    /**
     * A content header with no basic.publish before it is UNEXPECTED_FRAME (505), a connection
     * error (RabbitMQ command assembler: "expected method frame, got non method frame instead").
     */
    @Test
    void contentHeaderWithoutAMethodIsUnexpectedFrame() throws Exception {
        Channel bystander = broker.newChannel();
        RawAmqpClient raw = broker.newRawClient();
        raw.handshake(0);
        raw.openChannel(1);
        byte[] header = new RawAmqpClient.Arguments()
                .shortInt(60).shortInt(0).longLong(5).shortInt(0) // class basic, weight, body size, no properties
                .toByteArray();
        raw.sendFrame(RawAmqpClient.FRAME_HEADER, 1, header);
        assertEquals(AMQP.UNEXPECTED_FRAME, raw.expectConnectionClose().replyCode());
        assertChannelWorks(bystander);
    }

    /** A body frame carrying more bytes than the content header announced is a frame error (501). */
    @Test
    void bodyLongerThanAnnouncedIsFrameError() throws Exception {
        RawAmqpClient raw = broker.newRawClient();
        raw.handshake(0);
        raw.openChannel(1);
        raw.sendMethod(1, 60, 40, new RawAmqpClient.Arguments()
                .shortInt(0).shortString("").shortString("nowhere").bits(false, false));
        raw.sendFrame(RawAmqpClient.FRAME_HEADER, 1, new RawAmqpClient.Arguments()
                .shortInt(60).shortInt(0).longLong(4).shortInt(0).toByteArray());
        raw.sendFrame(RawAmqpClient.FRAME_BODY, 1, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertEquals(AMQP.FRAME_ERROR, raw.expectConnectionClose().replyCode());
    }

    private static void assertChannelWorks(Channel channel) throws IOException {
        assertTrue(channel.isOpen(), () -> "channel closed: " + channel.getCloseReason());
        String queue = channel.queueDeclare().getQueue();
        channel.basicPublish("", queue, null, Messages.utf8("still alive"));
        assertNotNull(Messages.getEventually(channel, queue, true));
        assertEquals(List.of(), Messages.drain(channel, queue));
    }
}
