package io.warrenmq.it.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warrenmq.auth.Permissions;
import io.warrenmq.auth.User;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.management.ManagementOptions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/** The login page refuses as the API does: a wrong password, and a user without a management tag. */
class LoginRefusalIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagement(ManagementOptions.ephemeral()));

    static Browser browser;

    @BeforeAll
    static void open() {
        broker.broker().users().putUser(User.withPassword("app", "app-secret", List.of()));
        broker.broker().users().setPermissions("app", "/", Permissions.FULL);
        broker.broker().users().putUser(User.withPassword("viewer", "viewer-pw", List.of("management")));
        broker.broker().users().setPermissions("viewer", "/", Permissions.FULL);
        browser = Browser.open(broker.broker().managementPort());
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    private void attempt(String user, String password) {
        browser.go("");
        browser.driver.executeScript("sessionStorage.clear()"); // no login left from another test
        browser.driver.navigate().refresh();
        browser.visible(By.id("login-form"));
        browser.type(By.name("username"), user);
        browser.type(By.name("password"), password);
        browser.click(By.id("login-button"));
    }

    @Test
    void aWrongPasswordShowsTheRefusal() {
        attempt("guest", "not-the-password");
        browser.waitForText(By.cssSelector("#messages .msg.error"), "Login refused: Login failed");
        assertFalse(browser.driver.findElement(By.id("top")).isDisplayed(), "no console without a login");
        browser.screenshot("login-refused");
    }

    @Test
    void aUserWithoutAManagementTagCannotLogIn() {
        attempt("app", "app-secret");
        browser.waitForText(By.cssSelector("#messages .msg.error"), "Not management user");
        assertFalse(browser.driver.findElement(By.id("top")).isDisplayed());
    }

    @Test
    void aManagementUserIsRefusedTheAdminPagesButStaysLoggedIn() {
        attempt("viewer", "viewer-pw");
        browser.visible(By.id("top"));
        browser.go("#/admin/users");
        browser.waitForText(By.cssSelector("#messages .msg.error"), "Not administrator user");
        assertTrue(browser.driver.findElement(By.id("top")).isDisplayed(), "a refused page is not a logout");
        browser.screenshot("admin-refused");
        browser.go("#/queues");
        browser.visible(By.id("queues-table"));
        browser.click(By.id("logout"));
        browser.visible(By.id("login-form"));
    }

    @Test
    void theRightPasswordLogsIn() {
        attempt("guest", "guest");
        browser.visible(By.id("top"));
        assertTrue(browser.driver.findElement(By.id("whoami")).getText().contains("guest"));
        browser.click(By.id("logout"));
        browser.visible(By.id("login-form"));
    }
}
