package io.warrenmq.server.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warrenmq.codec.method.BasicMethod;
import io.warrenmq.codec.method.ChannelMethod;
import io.warrenmq.codec.method.ExchangeMethod;
import io.warrenmq.codec.method.QueueMethod;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.server.Handshake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Names the broker keeps must be valid UTF-8: a queue or exchange name, binding key or consumer tag
 * holding malformed octets (read losslessly as escapes, "\uDCFF" for 0xFF) is a 406 channel error, and
 * nothing is created. Valid names are untouched.
 */
class InvalidUtf8NamesTest {
    private static final String BAD = "bad\uDCFF"; // the octets 'b' 'a' 'd' 0xFF on the wire
    private Handshake h;

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void queueDeclareIsRefusedWith406AndNothingIsCreated() {
        h = Handshake.open();
        h.openChannel(1);
        h.send(1, new QueueMethod.Declare(BAD, false, true, false, false, false, FieldTable.EMPTY));
        ChannelMethod.Close close = h.expectChannelClose(1, 406);
        assertEquals("PRECONDITION_FAILED - queue name 'bad\\xFF' is not valid UTF-8", close.replyText());
        assertEquals(null, h.vhost().queue(BAD));
    }

    @Test
    void exchangeDeclareIsRefusedWith406() {
        h = Handshake.open();
        h.openChannel(1);
        h.send(1, new ExchangeMethod.Declare(BAD, "fanout", false, true, false, false, false, FieldTable.EMPTY));
        ChannelMethod.Close close = h.expectChannelClose(1, 406);
        assertEquals("PRECONDITION_FAILED - exchange name 'bad\\xFF' is not valid UTF-8", close.replyText());
    }

    @Test
    void bindingKeyAndConsumerTagAreRefusedWith406() {
        h = Handshake.open();
        h.openChannel(1);
        h.send(1, new QueueMethod.Declare("q-utf8", false, false, false, true, false, FieldTable.EMPTY));
        h.expect(1, QueueMethod.DeclareOk.class);
        h.send(1, new QueueMethod.Bind("q-utf8", "amq.direct", BAD, false, FieldTable.EMPTY));
        h.expectChannelClose(1, 406);
        h.send(1, new ChannelMethod.CloseOk());

        h.openChannel(2);
        h.send(2, new BasicMethod.Consume("q-utf8", BAD, false, false, false, false, FieldTable.EMPTY));
        ChannelMethod.Close close = h.expectChannelClose(2, 406);
        assertEquals("PRECONDITION_FAILED - consumer tag 'bad\\xFF' is not valid UTF-8", close.replyText());
    }
}
