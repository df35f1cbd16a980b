package io.warrenmq.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserDatabaseCodecTest {
    @Test
    void everythingRoundTrips() {
        UserDatabase db = new UserDatabase();
        db.putUser(new User("bob", "I2v4gO2/onMu9dXAH7jLO0IgHGzgbX+qupqySTo26k4KvK2b", PasswordHashing.SHA256,
                List.of("monitoring", "custom-tag"), new UserLimits(3, 5)));
        db.putUser(new User("carol", "", PasswordHashing.MD5, List.of(), null));
        db.setPermissions("bob", "orders", Permissions.of("^bob-.*", "^amq\\.topic$", ""));
        db.setTopicPermission("bob", "orders", new TopicPermission("amq.topic", "^{username}\\.", "^public\\."));

        UserDatabase.Snapshot decoded = UserDatabaseCodec.decode(UserDatabaseCodec.encode(db.snapshot()));
        assertEquals(db.snapshot(), decoded);
        assertTrue(decoded.user("bob").orElseThrow().passwordMatches("bob-secret"));
        assertEquals(new UserLimits(3, 5), decoded.user("bob").orElseThrow().limits());
    }

    @Test
    void emptyBytesAreAnEmptyDatabase() {
        assertEquals(UserDatabase.Snapshot.EMPTY, UserDatabaseCodec.decode(new byte[0]));
    }

    @Test
    void damagedBytesAreRefusedNotHalfRead() {
        UserDatabase db = new UserDatabase();
        db.putUser(User.withPassword("dave", "pw", List.of("x")));
        byte[] bytes = UserDatabaseCodec.encode(db.snapshot());
        for (int cut = 1; cut < bytes.length; cut++) {
            byte[] truncated = Arrays.copyOf(bytes, cut);
            assertThrows(InvalidDefinitionException.class, () -> UserDatabaseCodec.decode(truncated), "cut at " + cut);
        }
        byte[] wrongVersion = bytes.clone();
        wrongVersion[0] = 9;
        assertThrows(InvalidDefinitionException.class, () -> UserDatabaseCodec.decode(wrongVersion));
    }
}
