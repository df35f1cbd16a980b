package io.warrenmq.it.amqp10;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import io.warrenmq.amqp10.broker.Amqp10Extension;
import io.warrenmq.amqp10.broker.Amqp10Options;
import io.warrenmq.amqp10.codec.Close;
import io.warrenmq.amqp10.codec.ErrorCondition;
import io.warrenmq.amqp10.codec.Open;
import io.warrenmq.amqp10.codec.Performative;
import io.warrenmq.amqp10.codec.Types.Symbol;
import io.warrenmq.auth.Permissions;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.server.Broker;
import io.warrenmq.server.BrokerConfig;
import io.warrenmq.server.vhost.VhostMetadata;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;

/** The AMQP 1.0 listener's protocol edges: detection, SASL choices, vhosts, errors, over real sockets. */
class Amqp10ProtocolIT {
    private static final BrokerConfig CONFIG = BrokerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(null);

    private static <T> T withBroker(Function<Broker, Broker> setup, ThrowingFunction<Broker, T> test) throws Exception {
        Broker broker = setup.apply(new Broker(CONFIG)).start();
        try {
            return test.apply(broker);
        } finally {
            broker.close();
        }
    }

    interface ThrowingFunction<A, B> {
        B apply(A a) throws Exception;
    }

    @Test
    void withoutTheExtensionAnAmqp10HeaderGetsTheZeroNineOneHeader() throws Exception {
        withBroker(b -> b.protocols(List.of()), broker -> {
            try (RawAmqp10 raw = new RawAmqp10(broker.port())) {
                raw.write(RawAmqp10.SASL_HEADER);
                assertArrayEquals(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1}, raw.read(8));
                assertTrue(raw.closedByPeer());
            }
            return null;
        });
    }

    @Test
    void zeroNineOneClientsAreUnaffectedOnTheSamePort() throws Exception {
        withBroker(b -> b, broker -> {
            try (com.rabbitmq.client.Connection c = EmbeddedBroker.clientFactory(broker.port()).newConnection();
                    Channel ch = c.createChannel()) {
                ch.queueDeclare("both", false, false, false, null);
                ch.basicPublish("", "both", null, "x".getBytes(StandardCharsets.UTF_8));
                assertEquals(1, ch.queueDeclarePassive("both").getMessageCount());
            }
            return null;
        });
    }

    @Test
    void withoutSaslTheBrokerAsksForItUnlessAnonymousIsConfigured() throws Exception {
        withBroker(b -> b, broker -> {
            try (RawAmqp10 raw = new RawAmqp10(broker.port())) {
                raw.write(RawAmqp10.AMQP_HEADER);
                assertArrayEquals(RawAmqp10.SASL_HEADER, raw.read(8));
                assertTrue(raw.closedByPeer());
            }
            // qpid-jms without credentials finds no mechanism it can use: ANONYMOUS is not offered
            JmsConnectionFactory f = new JmsConnectionFactory("amqp://127.0.0.1:" + broker.port());
            assertThrows(JMSException.class, () -> f.createConnection().close());
            return null;
        });
    }

    @Test
    void anonymousLoginsAreTheConfiguredUser() throws Exception {
        withBroker(b -> b.protocols(List.of(new Amqp10Extension(Amqp10Options.DEFAULTS.withAnonymousUser("guest")))),
                broker -> {
                    try (com.rabbitmq.client.Connection c = EmbeddedBroker.clientFactory(broker.port()).newConnection();
                            Channel ch = c.createChannel()) {
                        ch.queueDeclare("anon", false, false, false, null);
                    }
                    JmsConnectionFactory f = new JmsConnectionFactory("amqp://127.0.0.1:" + broker.port());
                    try (jakarta.jms.Connection c = f.createConnection()) {
                        c.start();
                        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                        s.createProducer(s.createQueue("anon")).send(s.createTextMessage("as guest"));
                        TextMessage m = (TextMessage) s.createConsumer(s.createQueue("anon")).receive(10_000);
                        assertEquals("as guest", m.getText());
                    }
                    return null;
                });
    }

    @Test
    void theVhostComesFromOpenHostnameAndItsPermissionsApply() throws Exception {
        withBroker(b -> b, broker -> {
            broker.vhosts().create("v2", VhostMetadata.NONE);
            broker.users().setPermissions("guest", "v2", Permissions.of(".*", ".*", ".*"));
            com.rabbitmq.client.ConnectionFactory cf = EmbeddedBroker.clientFactory(broker.port());
            cf.setVirtualHost("v2");
            try (com.rabbitmq.client.Connection c = cf.newConnection(); Channel ch = c.createChannel()) {
                ch.queueDeclare("only-in-v2", false, false, false, null);
            }
            String uri = "amqp://127.0.0.1:" + broker.port() + "?amqp.vhost=vhost:v2";
            try (jakarta.jms.Connection c = new JmsConnectionFactory("guest", "guest", uri).createConnection()) {
                c.start();
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                s.createProducer(s.createQueue("only-in-v2")).send(s.createTextMessage("in v2"));
            }
            try (com.rabbitmq.client.Connection c = cf.newConnection(); Channel ch = c.createChannel()) {
                assertEquals(1, ch.queueDeclarePassive("only-in-v2").getMessageCount());
            }
            // no permissions on the vhost: the open is refused
            broker.users().clearPermissions("guest", "v2");
            assertThrows(JMSSecurityException.class,
                    () -> new JmsConnectionFactory("guest", "guest", uri).createConnection().start());
            return null;
        });
    }

    @Test
    void aFrameThatDoesNotDecodeClosesTheConnectionWithDecodeError() throws Exception {
        withBroker(b -> b, broker -> {
            try (RawAmqp10 raw = new RawAmqp10(broker.port())) {
                raw.login("guest", "guest");
                raw.send(0, new Open("raw", null, 65536, 10, 0, List.of(), List.of(), null));
                assertInstanceOf(Open.class, raw.readPerformative());
                // a frame whose body starts with an unknown format code
                raw.write(new byte[] {0, 0, 0, 10, 2, 0, 0, 0, 0x33, 0x00});
                Performative p = raw.readPerformative();
                Close close = assertInstanceOf(Close.class, p);
                assertEquals(Symbol.of(ErrorCondition.DECODE_ERROR), close.error().condition());
                assertTrue(raw.closedByPeer());
            }
            return null;
        });
    }

    @Test
    void aFrameBeyondMaxFrameSizeIsAFramingError() throws Exception {
        withBroker(b -> b, broker -> {
            try (RawAmqp10 raw = new RawAmqp10(broker.port())) {
                raw.login("guest", "guest");
                raw.send(0, new Open("raw", null, 65536, 10, 0, List.of(), List.of(), null));
                Open open = assertInstanceOf(Open.class, raw.readPerformative());
                long tooBig = open.maxFrameSize() + 1;
                raw.write(new byte[] {(byte) (tooBig >>> 24), (byte) (tooBig >>> 16), (byte) (tooBig >>> 8),
                        (byte) tooBig, 2, 0, 0, 0});
                Close close = assertInstanceOf(Close.class, raw.readPerformative());
                assertEquals(Symbol.of(ErrorCondition.FRAMING_ERROR), close.error().condition());
            }
            return null;
        });
    }

    @Test
    void beginBeforeOpenIsRefused() throws Exception {
        withBroker(b -> b, broker -> {
            try (RawAmqp10 raw = new RawAmqp10(broker.port())) {
                raw.login("guest", "guest");
                raw.send(0, new io.warrenmq.amqp10.codec.Begin(-1, 0, 10, 10, 10));
                assertInstanceOf(Open.class, raw.readPerformative()); // the spec wants our open before a close
                Close close = assertInstanceOf(Close.class, raw.readPerformative());
                assertEquals(Symbol.of(ErrorCondition.NOT_ALLOWED), close.error().condition());
            }
            return null;
        });
    }

    @Test
    void aSilentPeerIsClosedAfterTheIdleTimeoutAndHeartbeatsAreSentToAPeerThatAsks() throws Exception {
        Amqp10Options shortIdle = Amqp10Options.DEFAULTS.withIdleTimeoutMillis(1500);
        withBroker(b -> b.protocols(List.of(new Amqp10Extension(shortIdle))), broker -> {
            try (RawAmqp10 raw = new RawAmqp10(broker.port())) {
                raw.login("guest", "guest");
                // we ask for frames at least every 400 ms, and then send nothing at all
                raw.send(0, new Open("raw", null, 65536, 10, 800, List.of(), List.of(), null));
                Open open = assertInstanceOf(Open.class, raw.readPerformative());
                assertEquals(1500, open.idleTimeout());
                int heartbeats = 0;
                Performative last = null;
                while (last == null) {
                    io.netty.buffer.ByteBuf body = raw.readFrame();
                    if (body.isReadable()) {
                        last = Performative.decode(body);
                    } else {
                        heartbeats++;
                    }
                }
                assertTrue(heartbeats >= 1, "empty frames kept our side alive");
                Close close = assertInstanceOf(Close.class, last);
                assertEquals(Symbol.of(ErrorCondition.RESOURCE_LIMIT_EXCEEDED), close.error().condition());
                assertTrue(raw.closedByPeer());
            }
            return null;
        });
    }

    @Test
    void amqp10WorksOnTheAmqpsListenerToo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        io.warrenmq.it.TestCertificates certs = new io.warrenmq.it.TestCertificates(dir);
        io.warrenmq.server.tls.TlsOptions tls = io.warrenmq.server.tls.TlsOptions.NONE.withPort(0)
                .withFiles(certs.server.certPem(), certs.server.keyPem(), certs.ca.certPem());
        Broker broker = new Broker(CONFIG.withTls(tls)).start();
        try {
            try (com.rabbitmq.client.Connection c = EmbeddedBroker.clientFactory(broker.port()).newConnection();
                    Channel ch = c.createChannel()) {
                ch.queueDeclare("over-tls", false, false, false, null);
            }
            String uri = "amqps://127.0.0.1:" + broker.tlsPort() + "?transport.trustAll=true&transport.verifyHost=false";
            try (jakarta.jms.Connection c = new JmsConnectionFactory("guest", "guest", uri).createConnection()) {
                c.start();
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                s.createProducer(s.createQueue("over-tls")).send(s.createTextMessage("encrypted"));
                assertEquals("encrypted",
                        ((TextMessage) s.createConsumer(s.createQueue("over-tls")).receive(10_000)).getText());
            }
        } finally {
            broker.close();
        }
    }

    @Test
    void aSenderLinkToAnExchangeAddressRoutesByItsKey() throws Exception {
        withBroker(b -> b, broker -> {
            try (com.rabbitmq.client.Connection c = EmbeddedBroker.clientFactory(broker.port()).newConnection();
                    Channel ch = c.createChannel()) {
                ch.queueDeclare("by-key", false, false, false, null);
                ch.queueBind("by-key", "amq.direct", "blue");
                try (RawAmqp10 raw = new RawAmqp10(broker.port())) {
                    raw.login("guest", "guest");
                    raw.send(0, new Open("raw", null, 65536, 10, 0, List.of(), List.of(), null));
                    raw.readPerformative(); // open
                    raw.send(0, new io.warrenmq.amqp10.codec.Begin(-1, 0, 100, 100, 10));
                    raw.readPerformative(); // begin
                    Object target = new io.warrenmq.amqp10.codec.Types.Described(
                            new io.warrenmq.amqp10.codec.Types.ULong(0x29), List.of("/exchanges/amq.direct/blue"));
                    raw.send(0, new io.warrenmq.amqp10.codec.Attach("s", 0, false,
                            io.warrenmq.amqp10.codec.Attach.SND_SETTLED, 0, null, target, 0, 0, List.of(), List.of(), null));
                    io.warrenmq.amqp10.codec.Attach attached = assertInstanceOf(io.warrenmq.amqp10.codec.Attach.class,
                            raw.readPerformative());
                    assertTrue(attached.receiver());
                    io.warrenmq.amqp10.codec.Flow credit = assertInstanceOf(io.warrenmq.amqp10.codec.Flow.class,
                            raw.readPerformative());
                    assertTrue(credit.linkCredit() > 0);
                    io.netty.buffer.ByteBuf frame = io.netty.buffer.Unpooled.buffer();
                    io.netty.buffer.ByteBuf message = io.netty.buffer.Unpooled.buffer();
                    io.warrenmq.amqp10.codec.Encoder.write(message, new io.warrenmq.amqp10.codec.Types.Described(
                            new io.warrenmq.amqp10.codec.Types.ULong(0x75),
                            new io.warrenmq.amqp10.codec.Types.Binary("raw body".getBytes(StandardCharsets.UTF_8))));
                    io.warrenmq.amqp10.frame.FrameWriter.amqp(frame, 0, new io.warrenmq.amqp10.codec.Transfer(0, 0,
                            new io.warrenmq.amqp10.codec.Types.Binary(new byte[] {1}), 0, true, false, null, false),
                            message, 0, message.readableBytes());
                    raw.write(RawAmqp10.bytes(frame));
                    com.rabbitmq.client.GetResponse got = io.warrenmq.it.Await.result("the raw transfer routed",
                            () -> ch.basicGet("by-key", true), r -> r != null);
                    assertEquals("raw body", new String(got.getBody(), StandardCharsets.UTF_8));
                    assertEquals("amq.direct", got.getEnvelope().getExchange());
                    assertEquals("blue", got.getEnvelope().getRoutingKey());
                }
            }
            return null;
        });
    }
}
