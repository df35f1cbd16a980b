package io.warrenmq.bench;

import io.warrenmq.management.ManagementOptions;
import io.warrenmq.server.Broker;
import io.warrenmq.server.BrokerConfig;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * How long the web UI's overview takes to load with many queues (issue 16: under 300 ms with
 * 1,000), in headless Chromium (Debian's {@code /usr/bin/chromium} and its chromedriver).
 *
 * <p>Per load: the page is navigated to with the credentials already in the session (as after a
 * login), and the figures are the browser's own: the time from navigation start until the overview
 * has rendered its totals (the UI's {@code warren:totals-rendered} performance mark: the modules,
 * {@code /api/whoami}, {@code /api/vhosts} and {@code /api/overview} fetched and drawn; Chart.js
 * loads beside them and draws the charts when it is there),
 * and the Navigation Timing {@code domContentLoaded} and {@code loadEventEnd}. The first load of a
 * fresh browser (nothing cached) is reported alone; then {@code warmup} unmeasured and
 * {@code rounds} measured reloads (files revalidated with their ETags: 304s).
 *
 * <pre>{@code
 * java -cp bench/target/benchmarks.jar io.warrenmq.bench.UiLoadBenchmark 1000 10000
 * }</pre>
 */
public final class UiLoadBenchmark {
    private static final int WARMUP = 3;
    private static final int ROUNDS = 15;

    private UiLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] counts = args.length == 0 ? new int[] {1_000} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        for (int n : counts) {
            run(n);
        }
    }

    private static void run(int queues) throws Exception {
        BrokerConfig config = BrokerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(null)
                .withManagement(ManagementOptions.ephemeral());
        try (Broker broker = new Broker(config).start()) {
            broker.importDefinitions(new ByteArrayInputStream(definitions(queues)));
            String base = "http://127.0.0.1:" + broker.managementPort() + "/";
            ChromeDriver driver = chromium();
            try {
                // the session is per origin: set it on a page of the origin that loads none of the bundle,
                // so the first load below really starts with an empty cache
                driver.get(base + "favicon.svg");
                driver.executeScript("sessionStorage.setItem('warren.credentials', btoa('guest:guest'))");
                double[] first = load(driver, base);
                System.out.printf(Locale.ROOT, "%,d queues, first load (cold cache): totals %.0f ms, "
                        + "DOMContentLoaded %.0f ms, load %.0f ms%n", queues, first[0], first[1], first[2]);
                for (int i = 0; i < WARMUP; i++) {
                    load(driver, base);
                }
                List<double[]> runs = new ArrayList<>();
                for (int i = 0; i < ROUNDS; i++) {
                    runs.add(load(driver, base));
                }
                System.out.printf(Locale.ROOT, "%,d queues, %d reloads: totals median %.0f ms (min %.0f, max %.0f), "
                        + "DOMContentLoaded median %.0f ms, load median %.0f ms%n", queues, ROUNDS,
                        median(runs, 0), min(runs, 0), max(runs, 0), median(runs, 1), median(runs, 2));
            } finally {
                driver.quit();
            }
        }
    }

    private static ChromeDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1366,900", "--no-first-run");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** One navigation: {totals rendered, DOMContentLoaded, load event end}, ms since navigation start. */
    private static double[] load(ChromeDriver driver, String base) {
        driver.get(base + "?" + System.nanoTime() + "#/"); // a new navigation each time, same cached files
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d ->
                "true".equals(d.findElement(By.id("totals")).getDomAttribute("data-ready")));
        @SuppressWarnings("unchecked")
        Map<String, Object> t = (Map<String, Object>) driver.executeScript(
                "const n = performance.getEntriesByType('navigation')[0];"
                        + "const m = performance.getEntriesByName('warren:totals-rendered')[0];"
                        + "return {totals: m.startTime, dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd};");
        return new double[] {num(t.get("totals")), num(t.get("dcl")), num(t.get("load"))};
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }

    private static double median(List<double[]> runs, int i) {
        double[] v = runs.stream().mapToDouble(r -> r[i]).sorted().toArray();
        return v[v.length / 2];
    }

    private static double min(List<double[]> runs, int i) {
        return runs.stream().mapToDouble(r -> r[i]).min().orElse(0);
    }

    private static double max(List<double[]> runs, int i) {
        return runs.stream().mapToDouble(r -> r[i]).max().orElse(0);
    }

    /** A definitions document with {@code n} classic queues in vhost "/". */
    private static byte[] definitions(int n) {
        StringBuilder b = new StringBuilder(n * 120).append("{\"queues\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"name\":\"q-").append(i).append("\",\"vhost\":\"/\",\"durable\":true,\"auto_delete\":false,")
                    .append("\"arguments\":{\"x-queue-type\":\"classic\"}}");
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
