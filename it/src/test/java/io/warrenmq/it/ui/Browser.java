package io.warrenmq.it.ui;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its chromedriver (both named explicitly, so Selenium
 * Manager never tries to download a browser), with the waits and form helpers the UI tests
 * share, and screenshots under {@code target/screenshots/}.
 *
 * <p>Every wait is a condition with a generous deadline (a shared 2-core box), never a sleep.
 */
final class Browser implements AutoCloseable {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    final WebDriverWait wait;
    private final String base;

    private Browser(ChromeDriver driver, String base) {
        this.driver = driver;
        this.base = base;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(45));
        // a page re-renders its tables every few seconds: an element read mid-render is read again
        this.wait.ignoring(StaleElementReferenceException.class);
    }

    /** A browser for the UI at {@code http://127.0.0.1:port/}. */
    static Browser open(int port) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1366,900", "--disable-extensions", "--no-first-run");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options), "http://127.0.0.1:" + port + "/");
    }

    void go(String hash) {
        driver.get(base + hash);
    }

    /** Logs in through the form and waits for the header (the console) to show. */
    void login(String user, String password) {
        go("");
        WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        form.findElement(By.name("username")).sendKeys(user);
        form.findElement(By.name("password")).sendKeys(password);
        driver.findElement(By.id("login-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("top")));
    }

    /** Navigates with the hash and waits for the page module to have rendered. */
    void page(String hash, String pageName) {
        driver.get(base + "#/" + hash);
        wait.until(d -> pageName.equals(d.findElement(By.tagName("body")).getDomAttribute("data-page")));
    }

    WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void type(By field, String text) {
        WebElement e = visible(field);
        e.clear();
        e.sendKeys(text);
    }

    void select(By field, String value) {
        new Select(visible(field)).selectByValue(value);
    }

    void click(By by) {
        wait.until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    /** Waits until the text of {@code by} contains {@code text}. */
    void waitForText(By by, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    <T> T until(Function<WebDriver, T> condition) {
        return wait.until(condition);
    }

    /** Accepts the confirmation a destructive action asks for. */
    void confirm() {
        wait.until(ExpectedConditions.alertIsPresent()).accept();
    }

    /** Fails when the page shows an error message. */
    String errors() {
        StringBuilder sb = new StringBuilder();
        for (WebElement e : driver.findElements(By.cssSelector("#messages .msg.error"))) {
            sb.append(e.getText()).append('\n');
        }
        return sb.toString();
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Writes {@code target/screenshots/NAME.png}. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Path to = SCREENSHOTS.resolve(name + ".png");
            Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
