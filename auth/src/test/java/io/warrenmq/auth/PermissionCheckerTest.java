package io.warrenmq.auth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PermissionCheckerTest {
    private final UserDatabase db = new UserDatabase();

    @BeforeEach
    void users() {
        db.putUser(User.withPassword("bob", "pw", List.of()));
        db.setPermissions("bob", "orders", Permissions.of("^bob-.*", "^amq\\.topic$", ""));
    }

    @Test
    void patternsSearchAnywhereUnlessAnchored() {
        PermissionPattern p = PermissionPattern.of("log");
        assertTrue(p.matches("app.log.errors"), "RabbitMQ's re:run is a search, not a full match");
        assertFalse(PermissionPattern.of("^log").matches("app.log"));
        assertTrue(PermissionPattern.ALL.matches(""));
    }

    @Test
    void emptyPatternGrantsOnlyTheEmptyName() {
        assertFalse(PermissionPattern.NONE.matches("q"));
        assertTrue(PermissionPattern.NONE.matches(""));
    }

    @Test
    void invalidExpressionsAreRefusedWhenSet() {
        InvalidDefinitionException e = assertThrows(InvalidDefinitionException.class,
                () -> db.setPermissions("bob", "orders", Permissions.of("(", ".*", ".*")));
        assertTrue(e.getMessage().contains("invalid regular expression '('"), e.getMessage());
        assertTrue(db.snapshot().permissions("bob", "orders").configure().source().equals("^bob-.*"),
                "nothing changed");
        assertThrows(InvalidDefinitionException.class, () -> db.setPermissions("nobody", "orders", Permissions.FULL));
    }

    @Test
    void refusalsUseRabbitMqsText() {
        PermissionChecker bob = new PermissionChecker(db, "bob", "orders", null);
        assertDoesNotThrow(() -> bob.check(ResourceKind.QUEUE, "bob-jobs", Access.CONFIGURE));
        AccessRefusedException e = assertThrows(AccessRefusedException.class,
                () -> bob.check(ResourceKind.QUEUE, "jobs", Access.CONFIGURE));
        assertEquals("configure access to queue 'jobs' in vhost 'orders' refused for user 'bob'", e.getMessage());
        e = assertThrows(AccessRefusedException.class, () -> bob.check(ResourceKind.QUEUE, "bob-jobs", Access.READ));
        assertEquals("read access to queue 'bob-jobs' in vhost 'orders' refused for user 'bob'", e.getMessage());
    }

    @Test
    void theDefaultExchangeIsCheckedAsAmqDefault() {
        db.setPermissions("bob", "orders", Permissions.of("", "^amq\\.default$", ""));
        PermissionChecker bob = new PermissionChecker(db, "bob", "orders", null);
        assertDoesNotThrow(() -> bob.check(ResourceKind.EXCHANGE, "", Access.WRITE));
        db.setPermissions("bob", "orders", Permissions.of("", "", ""));
        AccessRefusedException e = assertThrows(AccessRefusedException.class,
                () -> bob.check(ResourceKind.EXCHANGE, "", Access.WRITE));
        assertEquals("write access to exchange 'amq.default' in vhost 'orders' refused for user 'bob'", e.getMessage());
    }

    /** The one-entry cache must not outlive a change: a revocation applies to the very next check. */
    @Test
    void revocationAppliesAtTheNextCheck() {
        PermissionChecker bob = new PermissionChecker(db, "bob", "orders", null);
        bob.check(ResourceKind.EXCHANGE, "amq.topic", Access.WRITE);
        bob.check(ResourceKind.EXCHANGE, "amq.topic", Access.WRITE); // cached
        db.clearPermissions("bob", "orders");
        assertThrows(AccessRefusedException.class, () -> bob.check(ResourceKind.EXCHANGE, "amq.topic", Access.WRITE));
        assertFalse(PermissionChecker.mayOpen(db.snapshot(), "bob", "orders"));
    }

    @Test
    void noPermissionsInAVhostRefuseEverything() {
        PermissionChecker elsewhere = new PermissionChecker(db, "bob", "/", null);
        assertThrows(AccessRefusedException.class, () -> elsewhere.check(ResourceKind.QUEUE, "bob-q", Access.CONFIGURE));
    }

    @Test
    void topicPermissionsExpandVariablesAndDefaultToAllowed() {
        PermissionChecker bob = new PermissionChecker(db, "bob", "orders", "client-7");
        assertDoesNotThrow(() -> bob.checkTopic("amq.topic", "anything", Access.WRITE), "no topic permission: allowed");
        db.setTopicPermission("bob", "orders", new TopicPermission("amq.topic", "^{username}\\.{client_id}\\.", "^public\\."));
        assertDoesNotThrow(() -> bob.checkTopic("amq.topic", "bob.client-7.orders", Access.WRITE));
        AccessRefusedException e = assertThrows(AccessRefusedException.class,
                () -> bob.checkTopic("amq.topic", "alice.client-7.orders", Access.WRITE));
        assertEquals("write access to topic 'alice.client-7.orders' in exchange 'amq.topic' in vhost 'orders' "
                + "refused for user 'bob'", e.getMessage());
        assertDoesNotThrow(() -> bob.checkTopic("amq.topic", "public.news", Access.READ));
        assertThrows(AccessRefusedException.class, () -> bob.checkTopic("amq.topic", "bob.x", Access.READ));
        assertDoesNotThrow(() -> bob.checkTopic("other.topic", "x", Access.WRITE), "other exchanges unaffected");
    }

    @Test
    void deletingAUserOrVhostTakesItsPermissionsAlong() {
        db.setTopicPermission("bob", "orders", new TopicPermission("amq.topic", ".*", ".*"));
        db.vhostDeleted("orders");
        assertTrue(db.snapshot().permissions().isEmpty());
        assertTrue(db.snapshot().topicPermissions().isEmpty());
        db.setPermissions("bob", "orders", Permissions.FULL);
        assertTrue(db.deleteUser("bob"));
        assertTrue(db.snapshot().permissions().isEmpty());
        assertFalse(db.deleteUser("bob"));
    }

    @Test
    void namesAreShortStrings() {
        assertThrows(InvalidDefinitionException.class, () -> db.putUser(User.withPassword("x".repeat(256), "p", List.of())));
        assertThrows(InvalidDefinitionException.class, () -> db.putUser(User.withPassword("", "p", List.of())));
    }

    @Test
    void usersWithoutAPasswordCannotUseOne() {
        User carol = new User("carol", "", PasswordHashing.SHA256, List.of(), null);
        assertFalse(carol.hasPassword());
        assertFalse(carol.passwordMatches(""));
        assertTrue(User.withPassword("dave", "pw", List.of(UserTags.IMPERSONATOR, "custom")).hasTag("custom"));
    }
}
