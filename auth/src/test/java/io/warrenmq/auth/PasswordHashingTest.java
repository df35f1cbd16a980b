package io.warrenmq.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PasswordHashingTest {
    /**
     * Hashes a real RabbitMQ 3.10.8 wrote (it/src/test/resources/fixtures/rabbitmq-3.10.8-definitions.json,
     * made with rabbitmqctl add_user; see the fixtures README).
     */
    @Test
    void verifiesHashesExportedFromRabbitMq() {
        assertTrue(PasswordHashing.SHA256.matches("8FUiiVsTESOZkLHdx4JXIYkt1zHjRQ47rOePCtON2eeE13xB", "alice-secret"));
        assertTrue(PasswordHashing.SHA256.matches("I2v4gO2/onMu9dXAH7jLO0IgHGzgbX+qupqySTo26k4KvK2b", "bob-secret"));
        assertTrue(PasswordHashing.SHA256.matches("/MdiXSsBKw747FOTbHQ/8jiQnAZz4XKwQ1Y0QoBDsgh9mk13", "guest"));
        assertFalse(PasswordHashing.SHA256.matches("8FUiiVsTESOZkLHdx4JXIYkt1zHjRQ47rOePCtON2eeE13xB", "bob-secret"));
        assertFalse(PasswordHashing.SHA256.matches("8FUiiVsTESOZkLHdx4JXIYkt1zHjRQ47rOePCtON2eeE13xB", "alice-secreT"));
    }

    /** The layout base64(salt ‖ H(salt ‖ utf8(password))), computed independently with Python's hashlib. */
    @Test
    void layoutIsSaltThenDigestOfSaltAndPasswordForEveryModule() {
        assertTrue(PasswordHashing.SHA256.matches("AQIDBE9skmuBchcwuhKDvVscFGTND++y2wcv/NL1rVA61/5C", "pässword"));
        assertTrue(PasswordHashing.SHA512.matches(
                "AQIDBFX7b5898G6MIFbTNk/v0gVfH38vNlUz8970Zz/KAf5H6OYNQIf1/lXcUWP716GWSO88NEHvdaUXlQA5nLUddAU=", "pässword"));
        assertTrue(PasswordHashing.MD5.matches("AQIDBN4qdpi6Jz9WZ8PBw2TFod0=", "pässword"));
        assertFalse(PasswordHashing.SHA512.matches("AQIDBE9skmuBchcwuhKDvVscFGTND++y2wcv/NL1rVA61/5C", "pässword"));
    }

    @ParameterizedTest
    @EnumSource(PasswordHashing.class)
    void newHashesVerifyAndAreSaltedAfresh(PasswordHashing hashing) {
        String a = hashing.hash("s3cret");
        String b = hashing.hash("s3cret");
        assertNotEquals(a, b, "a fresh salt per hash");
        assertTrue(hashing.matches(a, "s3cret"));
        assertTrue(hashing.matches(b, "s3cret"));
        assertFalse(hashing.matches(a, "s3creT"));
        assertTrue(hashing.isWellFormed(a));
    }

    @Test
    void emptyOrMalformedHashesMatchNothing() {
        for (String bad : new String[] {"", "not base64!", "AQID", "AQIDBA=="}) {
            assertFalse(PasswordHashing.SHA256.matches(bad, ""), bad);
            assertFalse(PasswordHashing.SHA256.matches(bad, "guest"), bad);
        }
        assertFalse(PasswordHashing.SHA256.isWellFormed("AQIDBN4qdpi6Jz9WZ8PBw2TFod0="), "an MD5 hash is not SHA-256 shaped");
    }

    @Test
    void rabbitNamesRoundTrip() {
        for (PasswordHashing h : PasswordHashing.values()) {
            assertEquals(h, PasswordHashing.fromRabbitName(h.rabbitName()).orElseThrow());
        }
        assertTrue(PasswordHashing.fromRabbitName("rabbit_password_hashing_bcrypt").isEmpty());
    }
}
