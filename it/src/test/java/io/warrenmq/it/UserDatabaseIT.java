package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectChannelError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import io.warrenmq.auth.PasswordHashing;
import io.warrenmq.auth.Permissions;
import io.warrenmq.auth.User;
import io.warrenmq.auth.UserDatabase;
import io.warrenmq.auth.UserLimits;
import io.warrenmq.auth.UserTags;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Logins against the user database through the Java client: users added at runtime, a password
 * hash exported from a real RabbitMQ (it/src/test/resources/fixtures), users without a password,
 * connection.open without permissions in the vhost (530 NOT_ALLOWED as RabbitMQ), and the
 * {@code impersonator} tag lifting the user-id check.
 */
class UserDatabaseIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();

    private UserDatabase users() {
        return broker.broker().users();
    }

    @AfterEach
    void removeTestUsers() {
        for (String name : List.of("alice", "carol", "dave", "erin")) {
            users().deleteUser(name);
        }
    }

    private ConnectionFactory as(String user, String password) {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setUsername(user);
        factory.setPassword(password);
        return factory;
    }

    /** alice's hash as RabbitMQ 3.10.8 exported it: the password set with rabbitmqctl works here. */
    @Test
    void aUserWithAHashFromRabbitMqLogsIn() throws Exception {
        users().putUser(new User("alice", "8FUiiVsTESOZkLHdx4JXIYkt1zHjRQ47rOePCtON2eeE13xB", PasswordHashing.SHA256,
                List.of(UserTags.ADMINISTRATOR), UserLimits.NONE));
        users().setPermissions("alice", "/", Permissions.FULL);
        Connection connection = broker.newConnection(as("alice", "alice-secret"));
        assertTrue(connection.isOpen());
        assertThrows(AuthenticationFailureException.class, () -> broker.newConnection(as("alice", "bob-secret")));
    }

    @Test
    void usersAddedAtRuntimeLogInAndDeletedOnesNoLonger() throws Exception {
        assertThrows(AuthenticationFailureException.class, () -> broker.newConnection(as("dave", "pw")));
        users().putUser(User.withPassword("dave", "pw", List.of()));
        users().setPermissions("dave", "/", Permissions.FULL);
        assertTrue(broker.newConnection(as("dave", "pw")).isOpen());
        users().deleteUser("dave");
        assertThrows(AuthenticationFailureException.class, () -> broker.newConnection(as("dave", "pw")));
    }

    /** RabbitMQ: a user whose password was cleared cannot log in with a password, not even an empty one. */
    @Test
    void aUserWithoutAPasswordCannotLogInWithPlain() {
        users().putUser(new User("carol", "", PasswordHashing.SHA256, List.of(), UserLimits.NONE));
        users().setPermissions("carol", "/", Permissions.FULL);
        assertThrows(AuthenticationFailureException.class, () -> broker.newConnection(as("carol", "")));
        assertThrows(AuthenticationFailureException.class, () -> broker.newConnection(as("carol", "x")));
    }

    /** Good credentials but no permissions in the vhost: connection.open fails with 530. */
    @Test
    void noPermissionsInTheVhostIsNotAllowedOnOpen() {
        users().putUser(User.withPassword("erin", "pw", List.of()));
        IOException e = assertThrows(IOException.class, () -> broker.newConnection(as("erin", "pw")));
        ShutdownSignalException signal = assertInstanceOf(ShutdownSignalException.class, e.getCause());
        AMQP.Connection.Close close = (AMQP.Connection.Close) signal.getReason();
        assertEquals(530, close.getReplyCode());
        assertEquals("NOT_ALLOWED - access to vhost '/' refused for user 'erin'", close.getReplyText());
    }

    @Test
    void anImpersonatorMayPublishAnotherUsersId() throws Exception {
        users().putUser(User.withPassword("dave", "pw", List.of(UserTags.IMPERSONATOR)));
        users().setPermissions("dave", "/", Permissions.FULL);
        Channel channel = broker.newConnection(as("dave", "pw")).createChannel();
        String queue = channel.queueDeclare().getQueue();
        channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().userId("someone-else").build(),
                "relayed".getBytes(StandardCharsets.UTF_8));
        assertEquals("someone-else", Messages.getEventually(channel, queue, true).getProps().getUserId());

        users().putUser(User.withPassword("dave", "pw", List.of())); // the tag removed: applies at once
        AMQP.Channel.Close close = expectChannelError(AMQP.PRECONDITION_FAILED, channel, () ->
                channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().userId("someone-else").build(),
                        "forged".getBytes(StandardCharsets.UTF_8)));
        assertTrue(close.getReplyText().contains("user_id property set to 'someone-else'"), close.getReplyText());
    }
}
