package io.warrenmq.server.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.local.LocalAddress;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.server.BrokerConfig;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** SASL PLAIN and AMQPLAIN against the default user, and RabbitMQ's loopback_users rule. */
class AuthenticatorTest {
    private static final SocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 40000);
    private static final SocketAddress LOOPBACK_V6 = new InetSocketAddress("::1", 40000);
    /** TEST-NET-1: an address object only, nothing is sent. */
    private static final SocketAddress REMOTE = new InetSocketAddress("192.0.2.1", 1234);

    private final Authenticator guestOnly = new Authenticator(BrokerConfig.defaults());

    private static byte[] plain(String user, String password) {
        return ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
    }

    /** AMQPLAIN: a field table without its 4-octet length prefix. */
    private static byte[] amqplain(Map<String, Object> fields) {
        ByteBuf buf = Unpooled.buffer();
        FieldTable.of(fields).write(buf);
        buf.skipBytes(4);
        byte[] bytes = ByteBufUtil.getBytes(buf);
        buf.release();
        return bytes;
    }

    private static byte[] amqplain(String login, String password) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("LOGIN", login);
        fields.put("PASSWORD", password);
        return amqplain(fields);
    }

    @Test
    void plainWithGuestCredentialsFromLoopbackIsAccepted() {
        assertEquals(Optional.of("guest"), guestOnly.authenticate("PLAIN", plain("guest", "guest"), LOOPBACK).acceptedUser());
        assertEquals(Optional.of("guest"), guestOnly.authenticate("PLAIN", plain("guest", "guest"), LOOPBACK_V6).acceptedUser());
    }

    @Test
    void plainWithAuthorizationIdentityUsesTheAuthenticationIdentity() {
        byte[] response = "someone\0guest\0guest".getBytes(StandardCharsets.UTF_8);
        assertEquals(Optional.of("guest"), guestOnly.authenticate("PLAIN", response, LOOPBACK).acceptedUser());
    }

    @Test
    void amqplainWithGuestCredentialsIsAccepted() {
        assertEquals(Optional.of("guest"), guestOnly.authenticate("AMQPLAIN", amqplain("guest", "guest"), LOOPBACK).acceptedUser());
    }

    @Test
    void amqplainAcceptsLongStringsThatAreNotUtf8Text() {
        // RabbitMQ clients send LOGIN/PASSWORD as longstr; the codec hands back byte[] for non-UTF-8
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("LOGIN", "guest".getBytes(StandardCharsets.UTF_8));
        fields.put("PASSWORD", "guest");
        assertEquals(Optional.of("guest"), guestOnly.authenticate("AMQPLAIN", amqplain(fields), LOOPBACK).acceptedUser());
    }

    @Test
    void wrongPasswordIsRefused() {
        assertTrue(guestOnly.authenticate("PLAIN", plain("guest", "guesT"), LOOPBACK).acceptedUser().isEmpty());
        assertTrue(guestOnly.authenticate("PLAIN", plain("guest", ""), LOOPBACK).acceptedUser().isEmpty());
        assertTrue(guestOnly.authenticate("AMQPLAIN", amqplain("guest", "nope"), LOOPBACK).acceptedUser().isEmpty());
    }

    @Test
    void unknownUserIsRefused() {
        assertTrue(guestOnly.authenticate("PLAIN", plain("admin", "guest"), LOOPBACK).acceptedUser().isEmpty());
    }

    @Test
    void unknownMechanismIsRefused() {
        assertFalse(Authenticator.supports("CRAM-MD5"));
        assertTrue(guestOnly.authenticate("plain", plain("guest", "guest"), LOOPBACK).acceptedUser().isEmpty());
    }

    @Test
    void externalNeedsAVerifiedCertificateNamingAUserAndIsOfferedOnlyWithOne() {
        assertTrue(Authenticator.supports("EXTERNAL"));
        // no certificate: refused whatever the response says
        assertTrue(guestOnly.authenticate("EXTERNAL", plain("guest", "guest"), LOOPBACK).acceptedUser().isEmpty());
        assertEquals(java.util.Optional.of("guest"), guestOnly.authenticate("EXTERNAL", new byte[0], LOOPBACK,
                java.util.Optional.of("guest")).acceptedUser());
        assertTrue(guestOnly.authenticate("EXTERNAL", new byte[0], LOOPBACK, java.util.Optional.of("nobody"))
                .acceptedUser().isEmpty());
        // the loopback rule holds for EXTERNAL too
        assertTrue(guestOnly.authenticate("EXTERNAL", new byte[0], REMOTE, java.util.Optional.of("guest"))
                .acceptedUser().isEmpty());
        // RabbitMQ's default auth_mechanisms do not include EXTERNAL
        assertFalse(guestOnly.offers("EXTERNAL", true));
        assertEquals("PLAIN AMQPLAIN", guestOnly.mechanisms(true));
    }

    @Test
    void guestIsRefusedFromNonLoopbackAddress() {
        assertTrue(guestOnly.authenticate("PLAIN", plain("guest", "guest"), REMOTE).acceptedUser().isEmpty());
        assertTrue(guestOnly.authenticate("AMQPLAIN", amqplain("guest", "guest"), REMOTE).acceptedUser().isEmpty());
    }

    @Test
    void inJvmTransportsCountAsLoopback() {
        assertEquals(Optional.of("guest"),
                guestOnly.authenticate("PLAIN", plain("guest", "guest"), new LocalAddress("test")).acceptedUser());
    }

    @Test
    void userNotInLoopbackUsersIsAcceptedFromNonLoopbackAddress() {
        Authenticator auth = new Authenticator(BrokerConfig.defaults().withDefaultUser("app", "secret"));
        assertEquals(Optional.of("app"), auth.authenticate("PLAIN", plain("app", "secret"), REMOTE).acceptedUser());
    }

    @Test
    void guestIsAcceptedFromNonLoopbackWhenLoopbackUsersIsEmpty() {
        Authenticator auth = new Authenticator(BrokerConfig.defaults().withLoopbackUsers(List.of()));
        assertEquals(Optional.of("guest"), auth.authenticate("PLAIN", plain("guest", "guest"), REMOTE).acceptedUser());
    }

    @Test
    void malformedPlainResponsesAreRefused() {
        for (String response : new String[] {"", "guest", "guest\0guest", "\0guest", "\0\0"}) {
            assertTrue(guestOnly.authenticate("PLAIN", response.getBytes(StandardCharsets.UTF_8), LOOPBACK).acceptedUser().isEmpty(),
                    () -> "accepted " + response.replace("\0", "\\0"));
        }
    }

    @Test
    void malformedAmqplainResponsesAreRefused() {
        Map<String, Object> loginOnly = Map.of("LOGIN", "guest");
        Map<String, Object> nullPassword = new LinkedHashMap<>();
        nullPassword.put("LOGIN", "guest");
        nullPassword.put("PASSWORD", null);
        byte[][] responses = {
            new byte[0],
            {1, 2, 3},
            {5, 'L', 'O', 'G', 'I', 'N', 'S', 0, 0, 0, 99}, // longstr length beyond the end
            {5, 'L', 'O', 'G', 'I', 'N', '?'}, // unknown type tag
            amqplain(loginOnly),
            amqplain(nullPassword),
            plain("guest", "guest"),
        };
        for (byte[] response : responses) {
            assertTrue(guestOnly.authenticate("AMQPLAIN", response, LOOPBACK).acceptedUser().isEmpty(),
                    () -> "accepted " + ByteBufUtil.hexDump(response));
        }
    }

    @Test
    void randomAmqplainBytesNeverThrow() {
        long seed = System.nanoTime();
        System.out.println("AuthenticatorTest.randomAmqplainBytesNeverThrow seed=" + seed);
        Random random = new Random(seed);
        byte[] valid = amqplain("guest", "guest");
        for (int i = 0; i < 2000; i++) {
            byte[] response = valid.clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                response[random.nextInt(response.length)] = (byte) random.nextInt(256);
            }
            if (random.nextBoolean()) {
                response = java.util.Arrays.copyOf(response, random.nextInt(response.length + 1));
            }
            byte[] r = response;
            try {
                guestOnly.authenticate("AMQPLAIN", r, LOOPBACK).acceptedUser();
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ": threw on " + ByteBufUtil.hexDump(r), e);
            }
        }
    }
}
