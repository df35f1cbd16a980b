package io.warrenmq.it.management;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code rabbitmqadmin} (v1, from the {@code rabbitmq-server} package, which
 * {@code .ci/run} installs) run against a broker's management port as one user: the real tool,
 * unchanged, over a real socket.
 *
 * <p>Thread-safety: immutable; each {@link #run} starts a process.
 */
public final class RabbitmqAdmin {
    static final Path BINARY = Path.of("/usr/bin/rabbitmqadmin");

    private final int port;
    private final String user;
    private final String password;

    public RabbitmqAdmin(int port, String user, String password) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("rabbitmqadmin is not installed (" + BINARY + "): run .ci/run, which "
                    + "installs Debian's rabbitmq-server, or apt-get install rabbitmq-server");
        }
        this.port = port;
        this.user = user;
        this.password = password;
    }

    public RabbitmqAdmin as(String otherUser, String otherPassword) {
        return new RabbitmqAdmin(port, otherUser, otherPassword);
    }

    /** What one invocation printed, and its exit status. */
    public record Result(int exit, String out, String err) {
        public boolean ok() {
            return exit == 0;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    /** {@code rabbitmqadmin -H 127.0.0.1 -P port -u user -p password ARGS...}. */
    public Result run(String... args) {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "-H", "127.0.0.1", "-P",
                Integer.toString(port), "-u", user, "-p", password));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("rabbitmqadmin did not finish: " + command);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@link #run}, failing the test unless it exits 0; returns stdout. */
    public String ok(String... args) {
        Result r = run(args);
        if (!r.ok()) {
            throw new AssertionError("rabbitmqadmin " + String.join(" ", args) + " failed: " + r);
        }
        return r.out();
    }
}
