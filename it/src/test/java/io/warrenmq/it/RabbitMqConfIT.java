package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An existing rabbitmq.conf given to the broker process as an operator runs it (Main in a child JVM):
 * RabbitMQ keys Warren does not implement are warned about, one line each, and the broker serves
 * AMQP clients with the keys it does implement; a key RabbitMQ does not know either stops it (exit 2)
 * with the key and its line.
 */
class RabbitMqConfIT {
    private static final Pattern LISTENING = Pattern.compile("Warren listening on 127\\.0\\.0\\.1:(\\d+)");

    private static ProcessBuilder main(Path conf, Path dataDir) {
        return new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx128m",
                "-XX:+UseSerialGC",
                // Main logs at info (LogSetup replaces the test class path's logback-test.xml): the listening line gives the port
                "-cp", System.getProperty("java.class.path"), "io.warrenmq.server.Main",
                "--config", conf.toString(), "--data-dir", dataDir.toString(), "--no-management")
                .redirectErrorStream(true);
    }

    private static String warning(int line, Path conf, String key) {
        return conf + " line " + line + ": '" + key + "' is a RabbitMQ setting Warren does not implement; ignored";
    }

    @Test
    void aProductionConfStartsTheBrokerWithAWarningPerIgnoredKey(@TempDir Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("rabbitmq.conf"), """
                # a production node's rabbitmq.conf
                listeners.tcp.default = 127.0.0.1:0
                num_acceptors.tcp = 10
                default_vhost = prod
                default_user = ops
                default_pass = s3cret
                loopback_users.guest = false
                tcp_listen_options.backlog = 4096
                cluster_partition_handling = pause_minority
                log.syslog = true
                log.syslog = false
                management.rates_mode = basic
                """);
        Process p = main(conf, dir.resolve("data")).start();
        List<String> lines = new ArrayList<>();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
                port.completeExceptionally(new AssertionError("Main ended without listening: " + lines));
            } catch (Exception e) {
                port.completeExceptionally(e);
            }
        }, "main-output");
        reader.start();
        try {
            int amqp = port.get(60, TimeUnit.SECONDS);
            ConnectionFactory f = new ConnectionFactory();
            f.setHost("127.0.0.1");
            f.setPort(amqp);
            f.setVirtualHost("prod");
            f.setUsername("ops");
            f.setPassword("s3cret");
            try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
                String q = ch.queueDeclare().getQueue();
                ch.basicPublish("", q, null, "from a rabbitmq.conf".getBytes(StandardCharsets.UTF_8));
                GetResponse r = ch.basicGet(q, true);
                assertNotNull(r);
                assertEquals("from a rabbitmq.conf", new String(r.getBody(), StandardCharsets.UTF_8));
            }
            f.setUsername("guest");
            f.setPassword("guest");
            assertThrows(AuthenticationFailureException.class, f::newConnection, "default_user replaced guest");

            List<String> out;
            synchronized (lines) {
                out = List.copyOf(lines);
            }
            String all = String.join("\n", out);
            for (String w : List.of(warning(3, conf, "num_acceptors.tcp"), warning(8, conf, "tcp_listen_options.backlog"),
                    warning(9, conf, "cluster_partition_handling"), warning(10, conf, "log.syslog"),
                    warning(12, conf, "management.rates_mode"))) {
                assertEquals(1, out.stream().filter(l -> l.contains("WARN") && l.endsWith(w)).count(), w + " in\n" + all);
            }
            assertFalse(all.contains("line 11"), "one warning per key, not per line:\n" + all);
            assertFalse(all.contains("line 2:") || all.contains("line 4:") || all.contains("line 5:"),
                    "keys Warren implements are not warned about:\n" + all);
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            reader.join(10_000);
        }
    }

    @Test
    void theLogKeysSendEachOutputItsLevelsAndTheFileGetsEveryLineWithTimestampThreadAndLevel(@TempDir Path dir)
            throws Exception {
        int amqp;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            amqp = free.getLocalPort();
        }
        Path logFile = dir.resolve("logs").resolve("warren.log");
        Files.createDirectories(logFile.getParent());
        Path conf = Files.writeString(dir.resolve("rabbitmq.conf"), """
                listeners.tcp.default = 127.0.0.1:%d
                log.file = %s
                log.file.level = debug
                log.file.rotation.size = 10485760
                log.file.rotation.count = 3
                log.console = true
                log.console.level = warning
                """.formatted(amqp, logFile));
        Path consoleFile = dir.resolve("console.txt");
        Process p = main(conf, dir.resolve("data")).redirectOutput(consoleFile.toFile()).start();
        try {
            Await.until("the broker logs that it listens, in its file", () -> Files.exists(logFile)
                    && Files.readString(logFile).contains("Warren listening on 127.0.0.1:" + amqp));
            ConnectionFactory f = new ConnectionFactory();
            f.setHost("127.0.0.1");
            f.setPort(amqp);
            f.setAutomaticRecoveryEnabled(false);
            try (Connection c = f.newConnection("log-test-client")) {
                c.createChannel().queueDeclare();
            }
            Await.until("the connection's close is in the file", () -> Files.readString(logFile).contains("closed"));
            List<String> file = Files.readAllLines(logFile);
            Pattern line = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) "
                    + "\\[[^]]+] (DEBUG|INFO|WARN|ERROR) \\S+ - .*");
            for (String l : file) {
                if (!l.startsWith("\t") && !l.isBlank()) {
                    assertTrue(line.matcher(l).matches(), "a line without timestamp, thread or level: " + l);
                }
            }
            String all = String.join("\n", file);
            assertTrue(all.contains(" DEBUG "), "log.file.level = debug lets debug lines into the file:\n" + all);
            assertTrue(all.contains("authenticated") && all.contains("log-test-client"), all);
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        String console = Files.readString(consoleFile);
        assertFalse(console.contains(" INFO ") || console.contains(" DEBUG "),
                "log.console.level = warning keeps info and debug off the console:\n" + console);
        assertTrue(console.contains(" WARN "), "warnings still reach the console:\n" + console);
    }

    @Test
    void aKeyRabbitMqDoesNotKnowEitherExitsTwoNamingItsLine(@TempDir Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("rabbitmq.conf"), """
                listeners.tcp.default = 127.0.0.1:0
                log.syslog = true
                listners.ssl.default = 5671
                """);
        Process p = main(conf, dir.resolve("data")).start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "Main did not exit");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(2, p.exitValue(), out);
            assertTrue(out.contains("warren: " + conf + " line 3: unknown setting 'listners.ssl.default': neither "
                    + "RabbitMQ nor Warren has a setting with that name; did you mean listeners.ssl.$name"), out);
            assertFalse(out.contains("Warren listening"), out);
            assertFalse(out.contains("\tat "), "a stack trace: " + out);
        } finally {
            p.destroyForcibly();
        }
    }
}
