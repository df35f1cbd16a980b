package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker as an operator runs it (Main in a child JVM): every log line starts with an ISO-8601
 * timestamp, its thread and level; the start-up banner; a connection's life at info level; a failed
 * login with its user; and SIGTERM stops it with exit code 0.
 */
class LoggingAndSignalsIT {
    private static final Pattern LINE = Pattern.compile(
            "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) \\[[^\\]]+\\] (TRACE|DEBUG|INFO|WARN|ERROR) .*");
    private static final Pattern LISTENING = Pattern.compile("Warren listening on [0-9.]+:(\\d+)");

    @Test
    void linesAreTimestampedTheLifeOfAConnectionIsLoggedAndSigtermExitsZero(@TempDir Path dir) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx128m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                // Main configures Logback itself (info), replacing the it class path's logback-test.xml
                "io.warrenmq.server.Main", "--host", "127.0.0.1", "--port", "0", "--data-dir", dir.toString(),
                "--no-management"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                }
            } catch (Exception e) {
                // the process ended
            }
        });
        reader.start();
        try {
            int port = Integer.parseInt(Await.result("the broker listens", () -> lines.stream()
                    .map(LISTENING::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst().orElse(null),
                    v -> v != null));
            ConnectionFactory f = new ConnectionFactory();
            f.setHost("127.0.0.1");
            f.setPort(port);
            try (Connection c = f.newConnection("billing-app")) {
                c.createChannel().queueDeclare();
            }
            f.setPassword("wrong");
            assertThrows(AuthenticationFailureException.class, f::newConnection);
            Await.until("the close is logged", () -> lines.stream().anyMatch(l -> l.contains("closed (user 'guest'")));

            // SIGTERM through kill(1): Process.destroy() sends it too, but closes our end of the
            // child's output at once, losing the lines it logs while it stops
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).inheritIO().start().waitFor();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "no exit after SIGTERM");
            assertEquals(0, p.exitValue(), String.join("\n", lines));
        } finally {
            p.destroyForcibly();
            reader.join(5_000);
        }
        String all = String.join("\n", lines);
        for (String l : lines) {
            assertTrue(LINE.matcher(l).matches(), "not a timestamped log line: " + l);
        }
        assertTrue(all.contains("starting Warren ") && all.contains("RabbitMQ 3.13.7 compatible) on Java "), all);
        assertTrue(all.contains("memory high watermark") && all.contains("disk free limit"), all);
        assertTrue(all.contains("accepting AMQP connection /127.0.0.1:"), all);
        assertTrue(all.contains("(billing-app): user 'guest' authenticated and granted access to vhost '/'"), all);
        assertTrue(all.contains("login refused for user 'guest'"), "no refused login: " + all);
        assertTrue(all.contains("stopping on a signal") && all.contains("stopped"), "no stop lines: " + all);
    }
}
