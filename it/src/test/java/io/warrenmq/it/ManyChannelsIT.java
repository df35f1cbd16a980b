package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Channels are independent lightweight sessions multiplexed over one connection (AMQP 0-9-1 §2.2.1). */
class ManyChannelsIT {
    private static final int CHANNELS = 1000;

    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    /** 1000 channels open at once on one connection, each declaring, publishing and getting its own message. */
    @Test
    void thousandChannelsEachDeclarePublishAndGet() throws Exception {
        Connection connection = broker.newConnection();
        List<Channel> channels = new ArrayList<>();
        Set<Integer> numbers = new HashSet<>();
        for (int i = 0; i < CHANNELS; i++) {
            Channel channel = connection.createChannel();
            assertNotNull(channel, "channel #" + i);
            channels.add(channel);
            numbers.add(channel.getChannelNumber());
        }
        assertEquals(CHANNELS, numbers.size());

        List<String> queues = new ArrayList<>();
        for (int i = 0; i < CHANNELS; i++) {
            Channel channel = channels.get(i);
            String queue = channel.queueDeclare().getQueue();
            queues.add(queue);
            channel.basicPublish("", queue, null, Messages.utf8("from channel " + channel.getChannelNumber()));
        }
        for (int i = 0; i < CHANNELS; i++) {
            Channel channel = channels.get(i);
            String body = Messages.text(Messages.getEventually(channel, queues.get(i), true).getBody());
            assertEquals("from channel " + channel.getChannelNumber(), body);
        }
        for (Channel channel : channels) {
            channel.close();
        }
        assertEquals(true, connection.isOpen());
    }

    /** The highest channel number allowed by the default channel-max (2047) can be opened and used. */
    @Test
    void highestNegotiatedChannelNumberIsUsable() throws Exception {
        Connection connection = broker.newConnection();
        Channel channel = connection.createChannel(connection.getChannelMax());
        assertNotNull(channel);
        String queue = channel.queueDeclare().getQueue();
        channel.basicPublish("", queue, null, Messages.utf8("top"));
        assertEquals("top", Messages.text(Messages.getEventually(channel, queue, true).getBody()));
    }

    /**
     * §4.2.6: content frames of one message must be contiguous on their channel, but frames of
     * different channels may interleave. A raw peer starts a publish on channel 1, sends a whole
     * publish on channel 2, then finishes channel 1's body; both messages arrive intact.
     */
    @Test
    void contentFramesOfDifferentChannelsMayInterleave() throws Exception {
        Channel observer = broker.newChannel();
        String queue = observer.queueDeclare(EmbeddedBroker.uniqueName("interleaved"), false, false, true, null).getQueue();
        RawAmqpClient raw = broker.newRawClient();
        raw.handshake(0);
        raw.openChannel(1);
        raw.openChannel(2);

        publishMethodAndHeader(raw, 1, queue, 6);
        raw.sendFrame(RawAmqpClient.FRAME_BODY, 1, Messages.utf8("one-"));
        publishMethodAndHeader(raw, 2, queue, 3);
        raw.sendFrame(RawAmqpClient.FRAME_BODY, 2, Messages.utf8("two"));
        raw.sendFrame(RawAmqpClient.FRAME_BODY, 1, Messages.utf8("ab"));
        raw.closeChannel(1);
        raw.closeChannel(2);

        Messages.awaitReady(observer, queue, 2);
        List<String> bodies = Messages.drain(observer, queue);
        assertEquals(Set.of("one-ab", "two"), new HashSet<>(bodies), "bodies: " + bodies);
    }

    private static void publishMethodAndHeader(RawAmqpClient raw, int channel, String queue, long bodySize)
            throws Exception {
        raw.sendMethod(channel, 60, 40, new RawAmqpClient.Arguments()
                .shortInt(0).shortString("").shortString(queue).bits(false, false));
        raw.sendFrame(RawAmqpClient.FRAME_HEADER, channel, new RawAmqpClient.Arguments()
                .shortInt(60).shortInt(0).longLong(bodySize).shortInt(0).toByteArray());
    }

    /** Opening and closing channels repeatedly (churn) leaves the connection healthy. */
    @Test
    void channelChurnLeavesTheConnectionHealthy() throws Exception {
        Connection connection = broker.newConnection();
        for (int i = 0; i < 500; i++) {
            connection.createChannel().close();
        }
        Channel survivor = connection.createChannel();
        String queue = survivor.queueDeclare().getQueue();
        survivor.basicPublish("", queue, null, Messages.utf8("after churn"));
        assertEquals("after churn", Messages.text(Messages.getEventually(survivor, queue, true).getBody()));
    }
}
