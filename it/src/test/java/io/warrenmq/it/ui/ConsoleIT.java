package io.warrenmq.it.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.warrenmq.it.EmbeddedBroker;
import io.warrenmq.it.management.ManagementHttp;
import io.warrenmq.management.ManagementOptions;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * The web console in headless Chromium against a broker the RabbitMQ Java client uses at the
 * same time: the overview follows a publisher, the admin pages create a vhost, a user and a
 * permission, the queue pages declare, bind, publish, get and purge, a policy shows on its queue,
 * the routing tester and the topology view answer from the broker, definitions export. What the
 * browser did is checked through the API as well. A screenshot of each page goes to
 * {@code target/screenshots/}.
 */
class ConsoleIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagement(ManagementOptions.ephemeral()));

    static Browser browser;
    static ManagementHttp api;

    /** A failed test leaves a screenshot of what the browser showed, and the messages it had. */
    @RegisterExtension
    final org.junit.jupiter.api.extension.TestWatcher failures = new org.junit.jupiter.api.extension.TestWatcher() {
        @Override
        public void testFailed(org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
            if (browser != null) {
                browser.screenshot("failed-" + context.getRequiredTestMethod().getName());
                System.err.println("UI messages at failure: " + browser.errors());
            }
        }
    };

    @BeforeAll
    static void open() {
        api = ManagementHttp.at(broker.broker().managementPort(), "guest", "guest");
        browser = Browser.open(broker.broker().managementPort());
        browser.login("guest", "guest");
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void noErrorsShown() {
        browser.resize(1366, 900);
    }

    @Test
    void theOverviewChartFollowsAPublishingClient() throws Exception {
        browser.page("", "overview");
        browser.until(d -> "true".equals(d.findElement(By.id("totals")).getDomAttribute("data-ready")));
        AtomicBoolean stop = new AtomicBoolean();
        Thread publisher = new Thread(() -> {
            try (Connection c = broker.connectionFactory().newConnection("ui-publisher"); Channel ch = c.createChannel()) {
                ch.queueDeclare("overview-load", false, false, false, Map.of("x-max-length", 1000));
                ch.confirmSelect();
                byte[] body = "tick".getBytes(StandardCharsets.UTF_8);
                while (!stop.get()) {
                    for (int i = 0; i < 50; i++) {
                        ch.basicPublish("", "overview-load", null, body);
                    }
                    ch.waitForConfirmsOrDie(30_000);
                }
            } catch (Exception e) {
                if (!stop.get()) {
                    throw new IllegalStateException(e);
                }
            }
        }, "ui-publisher");
        publisher.start();
        try {
            // the chart's newest point (publish, deliver, ack) shows the publisher once the 5 s sampler saw it;
            // more than 50/s: the other tests publish a few messages, this client thousands a second
            browser.until(d -> {
                String last = d.findElement(By.id("rates-chart")).getDomAttribute("data-last");
                return last != null && ManagementHttp.parse(last).get(0).asDouble() > 50;
            });
            int points = Integer.parseInt(browser.driver.findElement(By.id("rates-chart")).getDomAttribute("data-points"));
            browser.until(d -> Integer.parseInt(d.findElement(By.id("rates-chart")).getDomAttribute("data-points")) > points);
            browser.waitForText(By.id("live-mode"), "server-sent events");
            browser.until(d -> Boolean.TRUE.equals(browser.driver.executeScript(
                    "return !!window.Chart && !!Chart.getChart(document.getElementById('rates-chart'))")));
            browser.until(d -> !d.findElement(By.id("total-queues")).getText().startsWith("0"));
            browser.screenshot("overview");
        } finally {
            stop.set(true);
            publisher.join(60_000);
        }
        assertEquals("", browser.errors());
    }

    @Test
    void withoutServerSentEventsTheOverviewPolls() {
        // the browser refuses the stream, as a proxy that buffers or blocks it would
        browser.driver.executeCdpCommand("Network.enable", Map.of());
        browser.driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", java.util.List.of("*/api/warren/events*")));
        try {
            browser.page("", "overview");
            browser.waitForText(By.id("live-mode"), "polling every 5 s");
            int points = Integer.parseInt(browser.driver.findElement(By.id("rates-chart")).getDomAttribute("data-points"));
            browser.until(d -> Integer.parseInt(d.findElement(By.id("rates-chart")).getDomAttribute("data-points")) > points);
            assertEquals("", browser.errors());
        } finally {
            browser.driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", java.util.List.of()));
            browser.page("queues", "queues"); // leave the polling page
        }
    }

    @Test
    void anAdministratorCreatesAVhostAUserAndAPermission() {
        browser.page("admin/vhosts", "admin");
        browser.type(By.id("vhost-name"), "ui-vhost");
        browser.click(By.id("vhost-button"));
        browser.waitForText(By.id("vhosts-table"), "ui-vhost");
        browser.screenshot("admin-vhosts");

        browser.page("admin/users", "admin");
        browser.type(By.id("user-name"), "ui-user");
        browser.type(By.id("user-password"), "ui-secret");
        browser.type(By.id("user-tags"), "management");
        browser.click(By.id("user-form-button"));
        browser.waitForText(By.id("users-table"), "ui-user");
        browser.type(By.id("permission-user"), "ui-user");
        browser.select(By.id("permission-vhost"), "ui-vhost");
        browser.click(By.id("permission-form-button"));
        browser.until(d -> d.findElement(By.id("permissions-table")).getText().contains("ui-user ui-vhost"));
        browser.screenshot("admin-users");

        // the form keeps its defaults after a submission: a second permission is ".*" again, not ""
        browser.type(By.id("permission-user"), "guest");
        browser.select(By.id("permission-vhost"), "ui-vhost");
        browser.click(By.id("permission-form-button"));
        browser.waitForText(By.id("messages"), "Permission for guest in ui-vhost set.");
        assertEquals(".*", api.get("/api/permissions/ui-vhost/guest").json().get("read").asText());
        JsonNode perm = api.get("/api/permissions/ui-vhost/ui-user").json();
        assertEquals(".*", perm.get("write").asText());
        assertEquals("management", api.get("/api/users/ui-user").json().get("tags").get(0).asText());
        assertEquals(200, api.as("ui-user", "ui-secret").get("/api/whoami").status(), "the new user can log in");
    }

    @Test
    void aQueueIsDeclaredBoundPublishedToReadAndPurged() {
        browser.page("queues", "queues");
        browser.type(By.id("queue-name"), "ui-queue");
        browser.click(By.id("queue-button"));
        browser.waitForText(By.id("queues-table"), "ui-queue");
        browser.screenshot("queues");

        browser.page("queue/%2F/ui-queue", "queue");
        browser.type(By.id("binding-other"), "amq.direct");
        browser.type(By.id("binding-key"), "ui-key");
        browser.click(By.id("binding-button"));
        browser.waitForText(By.id("queue-bindings"), "amq.direct");
        assertTrue(api.get("/api/bindings/%2F/e/amq.direct/q/ui-queue").body().contains("ui-key"));

        browser.type(By.id("publish-payload"), "hello from the browser");
        browser.click(By.id("publish-button"));
        browser.waitForText(By.id("messages"), "Message published.");
        browser.waitForText(By.id("queue-messages"), "1 (1 ready");
        browser.click(By.id("get-button"));
        browser.waitForText(By.cssSelector("#got-messages .payload"), "hello from the browser");
        browser.screenshot("queue-get");
        browser.waitForText(By.id("queue-messages"), "1 (1 ready"); // "nack, requeue" put it back
        browser.driver.executeScript("window.scrollTo(0, 0)");
        browser.screenshot("queue");

        browser.click(By.id("purge-queue"));
        browser.confirm();
        browser.waitForText(By.id("queue-messages"), "0 (0 ready");
        assertEquals(0, api.get("/api/queues/%2F/ui-queue").json().get("messages").asInt());
        assertEquals("", browser.errors());
    }

    @Test
    void aPolicyAppliedInTheUiShowsOnItsQueue() throws Exception {
        try (Connection c = broker.connectionFactory().newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare("ui-policy-q", true, false, false, null);
        }
        browser.page("admin/policies", "admin");
        browser.type(By.id("policy-name"), "ui-limit");
        browser.type(By.id("policy-pattern"), "^ui-policy-q$");
        browser.type(By.id("policy-definition"), "{\"max-length\": 5}");
        browser.click(By.id("policy-button"));
        browser.waitForText(By.id("policies-table"), "ui-limit");
        browser.screenshot("admin-policies");

        browser.page("queue/%2F/ui-policy-q", "queue");
        browser.waitForText(By.id("queue-policy"), "ui-limit"); // the page refreshes its figures every 5 s
        browser.waitForText(By.id("queue-effective-policy"), "\"max-length\":5");
        assertEquals("ui-limit", api.get("/api/queues/%2F/ui-policy-q").json().get("policy").asText());
    }

    @Test
    void theRoutingTesterAndTheTopologyViewShowWhatTheBrokerRoutes() throws Exception {
        try (Connection c = broker.connectionFactory().newConnection(); Channel ch = c.createChannel()) {
            ch.exchangeDeclare("ui-orders", "topic");
            ch.exchangeDeclare("ui-archive", "fanout");
            ch.queueDeclare("ui-eu", false, false, false, null);
            ch.queueDeclare("ui-archive-q", false, false, false, null);
            ch.queueBind("ui-eu", "ui-orders", "order.eu.#");
            ch.exchangeBind("ui-archive", "ui-orders", "#");
            ch.queueBind("ui-archive-q", "ui-archive", "");
        }
        browser.page("routing", "routing");
        browser.until(d -> !d.findElements(By.cssSelector("#route-exchange option[value='ui-orders']")).isEmpty());
        browser.select(By.id("route-exchange"), "ui-orders");
        browser.type(By.id("route-key"), "order.eu.created");
        browser.click(By.id("route-button"));
        browser.waitForText(By.id("route-queues"), "ui-eu");
        browser.waitForText(By.id("route-queues"), "ui-archive-q");
        browser.waitForText(By.id("route-exchanges"), "ui-archive");
        browser.screenshot("routing");

        browser.type(By.id("route-key"), "order.us.created");
        browser.click(By.id("route-button"));
        browser.until(d -> {
            String q = d.findElement(By.id("route-queues")).getText();
            return q.contains("ui-archive-q") && !q.contains("ui-eu");
        });

        browser.page("topology", "topology");
        browser.visible(By.cssSelector("#topology-svg g.node.exchange[data-name='ui-orders']"));
        browser.visible(By.cssSelector("#topology-svg g.node.queue[data-name='ui-eu']"));
        assertEquals(1, browser.driver.findElements(By.cssSelector(
                "#topology-svg path[data-source='ui-orders'][data-destination='ui-archive']")).size());
        assertEquals(1, browser.driver.findElements(By.cssSelector(
                "#topology-svg path[data-source='ui-archive'][data-destination='ui-archive-q']")).size());
        browser.screenshot("topology");
    }

    @Test
    void definitionsExport() throws Exception {
        try (Connection c = broker.connectionFactory().newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare("ui-exported", true, false, false, null);
        }
        browser.page("definitions", "definitions");
        browser.click(By.id("export-button"));
        browser.waitForText(By.id("messages"), "Definitions exported.");
        String text = browser.driver.findElement(By.id("definitions-text")).getDomProperty("value");
        JsonNode defs = ManagementHttp.parse(text);
        boolean found = false;
        for (JsonNode q : defs.get("queues")) {
            found |= q.get("name").asText().equals("ui-exported");
        }
        assertTrue(found, text);
        assertTrue(browser.driver.findElement(By.id("definitions-download")).getDomAttribute("download")
                .endsWith(".json"));
        browser.screenshot("definitions");
    }

    @Test
    void theQueueListIsPagedFilteredAndSortedByTheServer() throws Exception {
        try (Connection c = broker.connectionFactory().newConnection(); Channel ch = c.createChannel()) {
            for (int i = 0; i < 25; i++) {
                ch.queueDeclare(String.format("paged-%02d", i), false, false, false, null);
            }
        }
        browser.page("queues", "queues");
        browser.type(By.id("queues-table-filter"), "paged-");
        browser.waitForText(By.cssSelector(".pager .muted"), "25 of");
        new org.openqa.selenium.support.ui.Select(browser.visible(By.cssSelector(".pager select")))
                .selectByValue("20");
        browser.waitForText(By.cssSelector(".pager .muted"), "page 1 of 2");
        browser.waitForText(By.id("queues-table"), "paged-00");
        browser.click(By.id("queues-table-next"));
        browser.waitForText(By.cssSelector(".pager .muted"), "page 2 of 2");
        browser.waitForText(By.id("queues-table"), "paged-24");
        assertTrue(!browser.driver.findElement(By.id("queues-table")).getText().contains("paged-00"));
        // sorting by name again reverses it, on the server: page 1 now starts at the end
        browser.click(By.xpath("//table[@id='queues-table']//th[text()='name']"));
        browser.waitForText(By.cssSelector(".pager .muted"), "page 1 of 2");
        browser.until(d -> d.findElement(By.cssSelector("#queues-table tbody tr")).getText().contains("paged-24"));
        browser.type(By.id("queues-table-filter"), "paged-1");
        browser.waitForText(By.cssSelector(".pager .muted"), "10 of");

        browser.page("queue/%2F/paged-03", "queue");
        browser.click(By.id("delete-queue"));
        browser.confirm();
        browser.until(d -> d.getCurrentUrl().endsWith("#/queues"));
        assertEquals(404, api.get("/api/queues/%2F/paged-03").status());
    }

    @Test
    void definitionsImport() {
        browser.page("definitions", "definitions");
        WebElementText.set(browser, By.id("definitions-text"),
                "{\"queues\":[{\"name\":\"ui-imported\",\"vhost\":\"/\",\"durable\":true,"
                        + "\"auto_delete\":false,\"arguments\":{}}]}");
        browser.click(By.id("import-button"));
        browser.confirm();
        browser.waitForText(By.id("messages"), "Definitions imported.");
        assertEquals(200, api.get("/api/queues/%2F/ui-imported").status());
    }

    /** Sets a textarea's value in one go (sendKeys of JSON would type it key by key). */
    private static final class WebElementText {
        static void set(Browser b, By by, String text) {
            b.driver.executeScript("arguments[0].value = arguments[1]", b.visible(by), text);
        }
    }

    @Test
    void theActivityPagesListTheClient() throws Exception {
        try (Connection c = broker.connectionFactory().newConnection("ui-visible-client")) {
            c.createChannel();
            browser.page("connections", "connections");
            browser.waitForText(By.id("connections-table"), "ui-visible-client");
            browser.screenshot("connections");
            browser.page("channels", "channels");
            browser.waitForText(By.id("channels-table"), "guest");
            browser.screenshot("channels");
            browser.page("exchanges", "exchanges");
            browser.waitForText(By.id("exchanges-table"), "amq.topic");
            browser.screenshot("exchanges");
            assertEquals("", browser.errors());
        }
    }

    @Test
    void anApiErrorIsShownAsAMessage() {
        browser.page("queue/%2F/no-such-queue", "queue");
        browser.waitForText(By.cssSelector("#messages .msg.error"), "Not Found");
    }

    @Test
    void darkModeAndAPhoneSizedScreen() {
        browser.page("", "overview");
        browser.click(By.id("theme-toggle"));
        browser.until(d -> {
            Object t = browser.driver.executeScript("return document.documentElement.dataset.theme");
            return t != null;
        });
        Object bg = browser.driver.executeScript(
                "return getComputedStyle(document.body).backgroundColor");
        browser.screenshot("overview-" + browser.driver.executeScript("return document.documentElement.dataset.theme"));
        browser.click(By.id("theme-toggle"));
        Object bg2 = browser.driver.executeScript("return getComputedStyle(document.body).backgroundColor");
        assertTrue(!bg.equals(bg2), "the toggle changes the colours: " + bg + " / " + bg2);

        browser.resize(390, 844);
        browser.page("queues", "queues");
        browser.until(d -> !d.findElement(By.id("nav")).isDisplayed());
        browser.click(By.id("menu-toggle"));
        browser.visible(By.cssSelector("#nav a[data-page='queues']"));
        Object width = browser.driver.executeScript("return document.documentElement.scrollWidth");
        assertTrue(((Number) width).intValue() <= 400, "no horizontal scrolling of the page: " + width);
        browser.screenshot("phone-queues");
    }
}
