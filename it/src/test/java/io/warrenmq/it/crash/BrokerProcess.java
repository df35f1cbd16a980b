package io.warrenmq.it.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * A Warren broker in a child JVM ({@code io.warrenmq.server.Main}) on a free loopback port, started
 * with the test JVM's own {@code java} and class path, its stdout and stderr going to a log file.
 * {@link #kill()} is SIGKILL ({@link Process#destroyForcibly()} on Linux): no shutdown hook, no
 * flush, exactly a crash. {@link #stop()} is SIGTERM, a clean shutdown through Main's hook.
 *
 * <p>Every started child is also killed by a JVM shutdown hook, so an aborted test run leaves no
 * broker behind. Thread-safety: one test thread drives an instance.
 */
public final class BrokerProcess implements AutoCloseable {
    /** Bounds how long a broken broker can stall the run; never an expectation of speed. */
    public static final Duration DEADLINE = Duration.ofSeconds(30);
    /** Exit status of a JVM killed by SIGKILL (128 + 9). */
    private static final int SIGKILL_EXIT = 137;
    private static final int START_ATTEMPTS = 3;
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "kill-child-brokers"));
    }

    private final Process process;
    private final int port;
    private final Path log;

    private BrokerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts a broker on {@code dataDir} and returns once it completes an AMQP handshake; fails the
     * test with the child's log when it exits or does not accept connections within {@link #DEADLINE}.
     * A port taken between choosing and binding it is retried on another port.
     */
    public static BrokerProcess start(Path dataDir, Path logFile) throws IOException {
        return start(dataDir, logFile, List.of("-Xmx256m"), List.of());
    }

    /** Like {@link #start(Path, Path)} with these JVM options (heap size, flags) and extra broker flags. */
    public static BrokerProcess start(Path dataDir, Path logFile, List<String> jvmOptions, List<String> brokerFlags)
            throws IOException {
        Files.createDirectories(logFile.getParent());
        for (int attempt = 1; ; attempt++) {
            Path log = attempt == 1 ? logFile : logFile.resolveSibling(logFile.getFileName() + ".retry" + attempt);
            BrokerProcess broker = launch(dataDir, freePort(), log, jvmOptions, brokerFlags);
            if (broker.awaitAcceptingConnections()) {
                return broker;
            }
            String exit = broker.describeExit();
            boolean portTaken = broker.logText().contains("is in use by another process");
            broker.close();
            if (!portTaken || attempt == START_ATTEMPTS) {
                return fail("the broker on " + dataDir + " did not accept AMQP connections within "
                        + DEADLINE.toSeconds() + " s (" + exit + "); its log " + log + ":\n" + broker.logTail());
            }
        }
    }

    private static BrokerProcess launch(Path dataDir, int port, Path log) throws IOException {
        return launch(dataDir, port, log, List.of("-Xmx256m"), List.of());
    }

    private static BrokerProcess launch(Path dataDir, int port, Path log, List<String> jvmOptions,
            List<String> brokerFlags) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "io.warrenmq.server.Main",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--data-dir", dataDir.toString(),
                "--no-management"));
        command.addAll(brokerFlags);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        LIVE.add(process);
        return new BrokerProcess(process, port, log);
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Polls with an AMQP handshake until it succeeds (true), the child exits or the deadline passes (false). */
    private boolean awaitAcceptingConnections() {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        long pauseNanos = TimeUnit.MILLISECONDS.toNanos(5);
        while (process.isAlive() && System.nanoTime() - deadline < 0) {
            try {
                connectionFactory().newConnection("readiness-probe").close();
                return process.isAlive();
            } catch (IOException | TimeoutException notYet) {
                LockSupport.parkNanos(pauseNanos);
                pauseNanos = Math.min(pauseNanos * 2, TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
        return false;
    }

    /**
     * Starts a broker on {@code dataDir} and SIGKILLs it {@code after} its launch, ready or not (on a
     * store of some size that is usually in the middle of recovery). Returns how the child ended.
     */
    public static String crashDuringStartup(Path dataDir, Path logFile, Duration after)
            throws IOException, InterruptedException {
        Files.createDirectories(logFile.getParent());
        BrokerProcess broker = launch(dataDir, freePort(), logFile);
        // why: waitFor with a timeout is the delay itself; an early exit of its own ends it sooner
        boolean exitedByItself = broker.process.waitFor(after.toMillis(), TimeUnit.MILLISECONDS);
        String outcome = exitedByItself ? "exited by itself with status " + broker.process.exitValue()
                : "SIGKILLed " + after.toMillis() + " ms after launch";
        broker.close();
        return outcome;
    }

    /** guest/guest on "/", automatic recovery off (a recovering client would hide the crash). */
    public ConnectionFactory connectionFactory() {
        return io.warrenmq.it.EmbeddedBroker.clientFactory(port);
    }

    /**
     * SIGKILL. Fails if the broker had already exited by itself (a crash of its own is a bug), and
     * checks the child really died of SIGKILL.
     */
    public void kill() throws InterruptedException {
        if (!process.isAlive()) {
            fail("the broker exited by itself before the planned kill (" + describeExit() + "); its log "
                    + log + ":\n" + logTail());
        }
        process.destroyForcibly();
        if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            fail("the broker survived SIGKILL for " + DEADLINE.toSeconds() + " s");
        }
        LIVE.remove(process);
        assertEquals(SIGKILL_EXIT, process.exitValue(), "exit status of the SIGKILLed broker");
    }

    /** SIGTERM, then waits for the clean shutdown to finish; fails (and SIGKILLs) if it hangs. */
    public int stop() throws InterruptedException {
        process.destroy();
        Duration deadline = DEADLINE.multipliedBy(2);
        if (!process.waitFor(deadline.toSeconds(), TimeUnit.SECONDS)) {
            String tail = logTail();
            close();
            fail("the broker did not exit within " + deadline.toSeconds() + " s of SIGTERM; its log " + log + ":\n"
                    + tail);
        }
        LIVE.remove(process);
        return process.exitValue();
    }

    /**
     * Writes the child's thread dump ({@code jcmd PID Thread.print}) to {@code file}, for a broker
     * that seems stuck; returns a note on what happened, never fails.
     */
    public String threadDump(Path file) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true)
                    .redirectOutput(file.toFile())
                    .start();
            if (!dump.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                dump.destroyForcibly();
                return "jcmd did not finish; partial thread dump in " + file;
            }
            return "thread dump in " + file;
        } catch (IOException e) {
            return "no thread dump (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no thread dump (interrupted)";
        }
    }

    /** SIGKILLs the child if it still runs and waits for it; safe to call more than once. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!process.isAlive()) {
            LIVE.remove(process);
        }
    }

    /** Waits up to {@code timeout} for the broker to exit by itself; its exit status, or empty if it is still up. */
    public java.util.OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return java.util.OptionalInt.empty();
        }
        LIVE.remove(process);
        return java.util.OptionalInt.of(process.exitValue());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    private String describeExit() {
        return process.isAlive() ? "still running" : "exited with status " + process.exitValue();
    }

    /** The last 150 lines of the child's log, for failure messages. */
    public String logTail() {
        String[] lines = logText().split("\n", -1);
        int from = Math.max(0, lines.length - 150);
        return String.join("\n", Arrays.copyOfRange(lines, from, lines.length));
    }

    public String logText() {
        try {
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }
}
