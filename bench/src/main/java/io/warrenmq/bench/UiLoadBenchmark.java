package io.warrenmq.bench;

import io.warrenmq.server.Broker;
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
 * and the Navigation Timing {@code domContentLoaded} and {@code loadEventEnd}. Two cases: a
 * returning visit ({@code WARMUP} unmeasured and {@code ROUNDS} measured reloads in one browser, the
 * files revalidated with their ETags: 304s), and a first visit ({@code FRESH_BROWSERS} browsers with
 * empty caches, the first of them before the broker's JVM has served anything).
 *
 * <pre>{@code
 * java -cp bench/target/benchmarks.jar io.warrenmq.bench.UiLoadBenchmark 1000 10000
 * }</pre>
 */
public final class UiLoadBenchmark {
    private static final int WARMUP = 3;
    private static final int ROUNDS = 15;
    private static final int FRESH_BROWSERS = 5;

    private UiLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] counts = args.length == 0 ? new int[] {1_000} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        for (int n : counts) {
            run(n);
        }
    }

    private static void run(int queues) throws Exception {
        try (Broker broker = ManagedBroker.withQueues(queues)) {
            String base = "http://127.0.0.1:" + broker.managementPort() + "/";
            List<double[]> firsts = new ArrayList<>();
            List<double[]> reloads = new ArrayList<>();
            ChromeDriver driver = chromium();
            try {
                firsts.add(firstLoad(driver, base));
                for (int i = 0; i < WARMUP; i++) {
                    load(driver, base);
                }
                for (int i = 0; i < ROUNDS; i++) {
                    reloads.add(load(driver, base));
                }
            } finally {
                driver.quit();
            }
            for (int i = 1; i < FRESH_BROWSERS; i++) {
                ChromeDriver fresh = chromium();
                try {
                    firsts.add(firstLoad(fresh, base));
                } finally {
                    fresh.quit();
                }
            }
            System.out.printf(Locale.ROOT, "%,d queues, first load of %d fresh browsers: totals %s ms, "
                    + "median %.0f; DOMContentLoaded median %.0f ms%n", queues, FRESH_BROWSERS, column(firsts, 0),
                    median(firsts, 0), median(firsts, 1));
            System.out.printf(Locale.ROOT, "%,d queues, %d reloads: totals median %.0f ms (min %.0f, max %.0f), "
                    + "DOMContentLoaded median %.0f ms, load median %.0f ms%n", queues, ROUNDS,
                    median(reloads, 0), min(reloads, 0), max(reloads, 0), median(reloads, 1), median(reloads, 2));
        }
    }

    /** The first load of a browser whose cache is empty (the session set on a page that loads no bundle file). */
    private static double[] firstLoad(ChromeDriver driver, String base) {
        driver.get(base + "favicon.svg");
        driver.executeScript("sessionStorage.setItem('warren.credentials', btoa('guest:guest'))");
        return load(driver, base);
    }

    private static String column(List<double[]> runs, int i) {
        StringBuilder b = new StringBuilder();
        for (double[] r : runs) {
            b.append(b.length() == 0 ? "" : ", ").append(Math.round(r[i]));
        }
        return b.toString();
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
}
