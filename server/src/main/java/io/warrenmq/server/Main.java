package io.warrenmq.server;

import io.warrenmq.server.connection.ServerProperties;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a broker from a config file and command-line flags, and stops it on SIGTERM/SIGINT.
 * See {@link ConfigLoader} for the flags. Exit codes: 0 after {@code --help}, {@code --version} or a
 * clean stop; 1 when the broker cannot start (one line saying why and what to set; the stack
 * trace only with debug logging); 2 for a bad command line or config file.
 */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        List<String> flags = Arrays.asList(args);
        if (flags.contains("--help") || flags.contains("-h")) {
            System.out.println(ConfigLoader.USAGE);
            return;
        }
        if (flags.contains("--version")) {
            System.out.println("Warren " + ServerProperties.WARREN_VERSION + " (RabbitMQ "
                    + BrokerConfig.DEFAULT_COMPATIBILITY_VERSION + " compatible)");
            return;
        }
        BrokerConfig config;
        try {
            config = ConfigLoader.fromArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println("warren: " + e.getMessage());
            System.err.println("warren --help lists every flag and setting");
            System.exit(2);
            return;
        }
        Broker broker;
        try {
            broker = new Broker(config).start();
        } catch (StartupFailure | IllegalArgumentException e) {
            // what the operator must change, in one line; the rest is for whoever debugs Warren
            log.error("cannot start: {}", e.getMessage());
            log.debug("start-up failure", e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }
}
