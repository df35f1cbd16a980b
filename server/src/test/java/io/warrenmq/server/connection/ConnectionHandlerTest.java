package io.warrenmq.server.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.warrenmq.codec.FrameDecoder;
import io.warrenmq.codec.FrameWriter;
import io.warrenmq.codec.MethodFrame;
import io.warrenmq.codec.ProtocolHeader;
import io.warrenmq.codec.ProtocolHeaderHandler;
import io.warrenmq.codec.method.ChannelMethod;
import io.warrenmq.codec.method.ConnectionMethod;
import io.warrenmq.codec.method.Method;
import io.warrenmq.codec.method.QueueMethod;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.server.BrokerConfig;
import io.warrenmq.server.Handshake;
import io.warrenmq.server.alarm.ResourceAlarms;
import io.warrenmq.server.vhost.VirtualHost;
import io.warrenmq.server.vhost.VirtualHosts;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connection state machine through the real pipeline: handshake, channel bookkeeping on an open
 * connection, and how errors become {@code connection.close} (spec 1.4.2, RabbitMQ's rabbit_reader).
 */
class ConnectionHandlerTest {
    private Handshake h;

    @AfterEach
    void tearDown() {
        if (h != null) {
            h.close();
        }
    }

    /** Runs the handshake up to (not including) tune-ok. */
    private ConnectionMethod.Tune startAndAuthenticate() {
        h = Handshake.connect(BrokerConfig.defaults());
        h.protocolHeader();
        h.expect(0, ConnectionMethod.Start.class);
        h.startOk("PLAIN", Handshake.plain("guest", "guest"));
        return h.expect(0, ConnectionMethod.Tune.class);
    }

    private static byte[] heartbeatBytes() {
        ByteBuf out = Unpooled.buffer();
        FrameWriter.writeHeartbeat(out);
        byte[] bytes = ByteBufUtil.getBytes(out);
        out.release();
        return bytes;
    }

    // ---- Handshake -------------------------------------------------------------------------

    @Test
    void protocolHeaderIsAnsweredWithStartAdvertisingCapabilitiesAndMechanisms() {
        h = Handshake.connect(BrokerConfig.defaults());
        h.protocolHeader();

        ConnectionMethod.Start start = h.expect(0, ConnectionMethod.Start.class);
        assertEquals(0, start.versionMajor());
        assertEquals(9, start.versionMinor());
        assertEquals("PLAIN AMQPLAIN", start.mechanisms());
        assertEquals("en_US", start.locales());
        FieldTable props = start.serverProperties();
        assertEquals("Warren", props.getString("product"));
        FieldTable capabilities = props.getTable("capabilities");
        for (String capability : new String[] {"basic.nack", "consumer_cancel_notify", "per_consumer_qos",
                "authentication_failure_close", "connection.blocked"}) {
            assertEquals(Boolean.TRUE, capabilities.getBoolean(capability), capability);
        }
        h.expectNothing();
    }

    @Test
    void startOkWithGuestCredentialsIsAnsweredWithRabbitMqDefaultTune() {
        ConnectionMethod.Tune tune = startAndAuthenticate();

        assertEquals(2047, tune.channelMax());
        assertEquals(131072, tune.frameMax());
        assertEquals(60, tune.heartbeat());
    }

    @Test
    void tuneOkThenOpenOnDefaultVhostIsAnsweredWithOpenOk() {
        ConnectionMethod.Tune tune = startAndAuthenticate();
        h.send(0, new ConnectionMethod.TuneOk(tune.channelMax(), tune.frameMax(), 0));
        h.expectNothing(); // tune-ok has no reply

        h.send(0, new ConnectionMethod.Open("/", "", false));

        h.expect(0, ConnectionMethod.OpenOk.class);
        h.expectNothing();
        assertTrue(h.isOpen());
        h.openChannel(1);
    }

    /**
     * The broker gives its decoder the connection's listener; frame records from a decoder without one
     * (a pipeline built differently) are handled the same way.
     */
    @Test
    void frameRecordsFromADecoderInRecordModeAreHandledToo() {
        BrokerConfig config = BrokerConfig.defaults();
        Authenticator authenticator = new Authenticator(config);
        VirtualHosts vhosts = VirtualHosts.inMemory(authenticator.users(), "/");
        EmbeddedChannel server = new EmbeddedChannel(new ProtocolHeaderHandler(), new FrameDecoder(config.frameMax()),
                new ConnectionHandler(config, authenticator, vhosts, new ResourceAlarms(config)));
        EmbeddedChannel client = new EmbeddedChannel(new FrameDecoder(0));
        server.writeInbound(Unpooled.wrappedBuffer(ProtocolHeader.bytes()));
        assertInstanceOf(ConnectionMethod.Start.class, nextMethod(server, client));
        ByteBuf startOk = Unpooled.buffer();
        FrameWriter.writeMethod(startOk, 0, new ConnectionMethod.StartOk(Handshake.CLIENT_PROPERTIES, "PLAIN",
                Handshake.plain("guest", "guest"), "en_US"));
        server.writeInbound(startOk);
        assertInstanceOf(ConnectionMethod.Tune.class, nextMethod(server, client));
        server.finishAndReleaseAll();
        client.finishAndReleaseAll();
    }

    private static Method nextMethod(EmbeddedChannel server, EmbeddedChannel client) {
        for (Object out; (out = server.readOutbound()) != null; ) {
            client.writeInbound(out);
        }
        return ((MethodFrame) client.readInbound()).method();
    }

    @Test
    void heartbeatDuringHandshakeIsIgnored() {
        startAndAuthenticate();
        h.sendBytes(heartbeatBytes());
        h.expectNothing();
        assertTrue(h.isOpen());
    }

    @Test
    void wrongPasswordClosesConnectionWith403AccessRefused() {
        h = Handshake.connect(BrokerConfig.defaults());
        h.protocolHeader();
        h.expect(0, ConnectionMethod.Start.class);

        h.startOk("PLAIN", Handshake.plain("guest", "wrong"));

        ConnectionMethod.Close close = h.expectConnectionClose(403);
        assertEquals("ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. "
                + "For details see the broker logfile.", close.replyText());
        h.expectNothing(); // no tune
        h.send(0, new ConnectionMethod.CloseOk());
        assertFalse(h.isOpen());
    }

    @Test
    void openOnUnknownVhostClosesConnectionWith530() {
        ConnectionMethod.Tune tune = startAndAuthenticate();
        h.send(0, new ConnectionMethod.TuneOk(tune.channelMax(), tune.frameMax(), 0));

        h.send(0, new ConnectionMethod.Open("no-such-vhost", "", false));

        ConnectionMethod.Close close = h.expectConnectionClose(530);
        assertEquals(ConnectionMethod.CLASS_ID, close.failingClassId());
        assertEquals(ConnectionMethod.Open.METHOD_ID, close.failingMethodId());
        assertTrue(close.replyText().startsWith("NOT_ALLOWED - "), close.replyText());
    }

    @Test
    void tuneOkWithFrameMaxAboveServersClosesConnectionWith530() {
        ConnectionMethod.Tune tune = startAndAuthenticate();

        h.send(0, new ConnectionMethod.TuneOk(tune.channelMax(), tune.frameMax() + 1, 0));

        h.expectConnectionClose(530);
    }

    /**
     * RabbitMQ's rabbit_reader:validate_negotiated_integer_value/3 refuses a tune-ok value of 0 ("no
     * limit") when the server has a limit, and names connection.tune as the failing method.
     */
    @Test
    void tuneOkWithZeroFrameMaxIsRefusedWith530LikeRabbitMq() {
        ConnectionMethod.Tune tune = startAndAuthenticate();

        h.send(0, new ConnectionMethod.TuneOk(tune.channelMax(), 0, 0));

        h.expectConnectionClose(530);
    }

    @Test
    void tuneOkNegotiationFailureNamesConnectionTuneLikeRabbitMq() {
        ConnectionMethod.Tune tune = startAndAuthenticate();

        h.send(0, new ConnectionMethod.TuneOk(tune.channelMax(), tune.frameMax() + 1, 0));

        ConnectionMethod.Close close = h.expectConnectionClose(530);
        assertEquals(ConnectionMethod.CLASS_ID, close.failingClassId());
        assertEquals(ConnectionMethod.Tune.METHOD_ID, close.failingMethodId());
    }

    @Test
    void tuneOkWithFrameMaxBelowMinimumClosesConnectionWith530() {
        ConnectionMethod.Tune tune = startAndAuthenticate();

        h.send(0, new ConnectionMethod.TuneOk(tune.channelMax(), 4095, 0));

        h.expectConnectionClose(530);
    }

    @Test
    void tuneOkWithChannelMaxAboveServersClosesConnectionWith530() {
        ConnectionMethod.Tune tune = startAndAuthenticate();

        h.send(0, new ConnectionMethod.TuneOk(tune.channelMax() + 1, tune.frameMax(), 0));

        h.expectConnectionClose(530);
    }

    @Test
    void smallerFrameMaxFromClientIsEnforcedByTheDecoder() {
        ConnectionMethod.Tune tune = startAndAuthenticate();
        h.send(0, new ConnectionMethod.TuneOk(tune.channelMax(), 4096, 0));
        h.send(0, new ConnectionMethod.Open("/", "", false));
        h.expect(0, ConnectionMethod.OpenOk.class);
        h.openChannel(1);

        // a 5000-octet frame is larger than the negotiated 4096 (plus RabbitMQ's 8-octet fudge)
        ByteBuf frame = Unpooled.buffer();
        frame.writeByte(3).writeShort(1).writeInt(5000).writeZero(5000).writeByte(0xCE);
        byte[] bytes = ByteBufUtil.getBytes(frame);
        frame.release();
        h.sendBytes(bytes);

        h.expectConnectionClose(501);
    }

    // ---- Open connection -------------------------------------------------------------------

    @Test
    void methodOnChannelNeverOpenedClosesConnectionWith504() {
        h = Handshake.open();

        h.send(5, new QueueMethod.Declare("q", false, false, false, false, false, FieldTable.EMPTY));

        ConnectionMethod.Close close = h.expectConnectionClose(504);
        assertTrue(close.replyText().startsWith("CHANNEL_ERROR - "), close.replyText());
    }

    /** RabbitMQ (rabbit_reader:create_channel) limits how many channels are open, not their numbers. */
    @Test
    void channelNumbersAboveChannelMaxOpenWhileFewerThanChannelMaxAreOpen() {
        h = Handshake.open(BrokerConfig.defaults().withChannelMax(2));
        h.openChannel(3000);
        h.openChannel(65535);

        h.send(7, new ChannelMethod.Open(""));

        ConnectionMethod.Close close = h.expectConnectionClose(530);
        assertEquals("NOT_ALLOWED - number of channels opened (2) has reached the negotiated channel_max (2)",
                close.replyText());
    }

    /** RabbitMQ: a new channel's command assembler expects a method, so a content frame there is 505. */
    @Test
    void contentHeaderOnAChannelNeverOpenedClosesConnectionWith505() {
        h = Handshake.open();
        io.netty.buffer.ByteBuf frame = Unpooled.buffer();
        FrameWriter.writeHeader(frame, 9, 60, 3, io.warrenmq.codec.types.BasicProperties.EMPTY);
        h.sendBytes(ByteBufUtil.getBytes(frame));
        frame.release();

        ConnectionMethod.Close close = h.expectConnectionClose(505);
        assertEquals("UNEXPECTED_FRAME - expected method frame, got non method frame instead", close.replyText());
    }

    @Test
    void secondChannelOpenOnSameChannelClosesConnectionWith504() {
        h = Handshake.open();
        h.openChannel(1);

        h.send(1, new ChannelMethod.Open(""));

        ConnectionMethod.Close close = h.expectConnectionClose(504);
        assertEquals(ChannelMethod.CLASS_ID, close.failingClassId());
        assertEquals(ChannelMethod.Open.METHOD_ID, close.failingMethodId());
    }

    /**
     * RabbitMQ answers any non-connection method on channel 0 of a running connection from the last
     * clause of rabbit_reader:handle_method0/2: {@code protocol_error(channel_error, "unexpected method
     * in connection state running")}, i.e. connection.close 504 CHANNEL_ERROR.
     */
    @Test
    void nonConnectionMethodOnChannelZeroClosesConnectionWith504LikeRabbitMq() {
        h = Handshake.open();

        h.send(0, new QueueMethod.Declare("q", false, false, false, false, false, FieldTable.EMPTY));

        h.expectConnectionClose(504);
    }

    @Test
    void nonConnectionMethodOnChannelZeroClosesTheConnectionWithAHardError() {
        h = Handshake.open();

        h.send(0, new ChannelMethod.Open(""));

        ConnectionMethod.Close close = expectAnyConnectionClose();
        assertTrue(close.replyCode() >= 500, close::replyText);
    }

    private ConnectionMethod.Close expectAnyConnectionClose() {
        return h.expect(0, ConnectionMethod.Close.class);
    }

    @Test
    void heartbeatOnOpenConnectionIsIgnored() {
        h = Handshake.open();
        h.sendBytes(heartbeatBytes());
        h.expectNothing();
        assertTrue(h.isOpen());
    }

    @Test
    void connectionCloseFromClientIsAnsweredWithCloseOkAndTheSocketCloses() {
        h = Handshake.open();
        h.openChannel(1);

        h.send(0, new ConnectionMethod.Close(200, "bye", 0, 0));

        h.expect(0, ConnectionMethod.CloseOk.class);
        h.expectNothing();
        assertFalse(h.isOpen());
    }

    @Test
    void badFrameEndOctetClosesConnectionWith501() {
        h = Handshake.open();

        ByteBuf frame = Unpooled.buffer();
        FrameWriter.writeMethod(frame, 0, new ConnectionMethod.Close(200, "bye", 0, 0));
        frame.setByte(frame.writerIndex() - 1, 0xCD);
        byte[] bytes = ByteBufUtil.getBytes(frame);
        frame.release();
        h.sendBytes(bytes);

        ConnectionMethod.Close close = h.expectConnectionClose(501);
        assertTrue(close.replyText().startsWith("FRAME_ERROR - "), close.replyText());
        assertTrue(h.isOpen(), "waits (briefly) for close-ok");
    }

    @Test
    void afterDecoderErrorTheSocketClosesOnceTheCloseOkTimeoutExpires() {
        h = Handshake.open();
        h.channel().freezeTime();
        h.sendBytes(new byte[] {1, 0, 0, 0, 0, 0, 4, 0, 10, 0, 50, 0x00}); // frame-end 0x00

        h.expectConnectionClose(501);
        // the decoder has lost sync: even a well-formed close-ok is discarded
        h.send(0, new ConnectionMethod.CloseOk());
        assertTrue(h.isOpen());

        h.channel().advanceTimeBy(3, TimeUnit.SECONDS);
        h.channel().runScheduledPendingTasks();
        assertFalse(h.isOpen());
    }

    @Test
    void afterServerSentCloseOtherFramesAreIgnoredUntilCloseOkThenSocketCloses() {
        h = Handshake.open();
        h.send(7, new ChannelMethod.Flow(true)); // channel 7 never opened
        h.expectConnectionClose(504);

        h.send(1, new ChannelMethod.Open(""));
        h.send(0, new QueueMethod.Declare("q", false, false, false, false, false, FieldTable.EMPTY));
        h.publish(1, "", "q", "ignored");
        h.sendBytes(heartbeatBytes());
        h.expectNothing();
        assertTrue(h.isOpen());
        assertEquals(null, h.vhost().queue("q"));

        h.send(0, new ConnectionMethod.CloseOk());

        h.expectNothing();
        assertFalse(h.isOpen());
    }

    @Test
    void connectionCloseCrossingOursIsAnsweredWithCloseOkAndSocketCloses() {
        h = Handshake.open();
        h.send(7, new ChannelMethod.Flow(true));
        h.expectConnectionClose(504);

        h.send(0, new ConnectionMethod.Close(200, "bye", 0, 0));

        h.expect(0, ConnectionMethod.CloseOk.class);
        assertFalse(h.isOpen());
    }

    @Test
    void closingTheSocketDeletesExclusiveQueues() {
        h = Handshake.open();
        h.openChannel(1);
        h.send(1, new QueueMethod.Declare("mine", false, false, true, false, false, FieldTable.EMPTY));
        h.expect(1, QueueMethod.DeclareOk.class);
        assertTrue(h.vhost().queue("mine") != null);

        h.channel().close();
        h.runPendingTasks();

        assertEquals(null, h.vhost().queue("mine"));
    }
}
