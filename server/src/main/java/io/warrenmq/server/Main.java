package io.warrenmq.server;

import io.warrenmq.server.connection.ServerProperties;
import io.warrenmq.server.logging.LogOptions;
import io.warrenmq.server.logging.LogSetup;
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
    static {
        // Logback (the jar's backend) is configured in main() by LogSetup; these are for a class path
        // with slf4j-simple instead, read once before the first logger exists: every line with an
        // ISO-8601 timestamp, its thread and level; an operator's own -D settings win
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "true");
        setIfAbsent("org.slf4j.simpleLogger.levelInBrackets", "false");
    }

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private Main() {
    }

    /** Whether SLF4J is bound to Logback (checked by name: LogSetup's Logback classes may be absent). */
    private static boolean logbackBound() {
        return LoggerFactory.getILoggerFactory().getClass().getName().equals("ch.qos.logback.classic.LoggerContext");
    }

    /**
     * An OutOfMemoryError must end a broker at once: thrown on one thread and caught by Netty or an
     * executor, it leaves a process that holds its port and answers nothing. Only the JVM can
     * guarantee that ({@code -XX:+ExitOnOutOfMemoryError}, a product flag a running JVM cannot set),
     * so the README's command passes it and a start without it says so.
     */
    private static void warnUnlessOutOfMemoryEndsTheProcess() {
        List<String> jvmFlags = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (!jvmFlags.contains("-XX:+ExitOnOutOfMemoryError") && !jvmFlags.contains("-XX:+CrashOnOutOfMemoryError")) {
            log.warn("started without -XX:+ExitOnOutOfMemoryError: an OutOfMemoryError would leave a broker "
                    + "that is alive but unresponsive; add it to the java command");
        }
    }

    public static void main(String[] args) throws Exception {
        boolean logback = logbackBound();
        if (logback) {
            LogSetup.apply(LogOptions.DEFAULTS); // the config file's warnings formatted as every other line
        }
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
        if (logback) {
            try {
                LogSetup.apply(config.logging());
            } catch (RuntimeException e) { // an unwritable log file, say
                log.error("cannot start: cannot log as configured: {}", e.getMessage());
                System.exit(1);
                return;
            }
        } else if (!config.logging().equals(LogOptions.DEFAULTS)) {
            log.warn("the log.* settings need Logback, the broker jar's log backend; this class path binds SLF4J "
                    + "to {}, so they are ignored", LoggerFactory.getILoggerFactory().getClass().getName());
        }
        warnUnlessOutOfMemoryEndsTheProcess();
        Broker broker;
        try {
            broker = flags.contains("--start-without-definitions")
                    ? new Broker(config, io.warrenmq.store.StoreOptions.defaults().withStartWithoutDefinitions(true)).start()
                    : new Broker(config).start();
        } catch (StartupFailure | IllegalArgumentException e) {
            // what the operator must change, in one line; the rest is for whoever debugs Warren
            log.error("cannot start: {}", e.getMessage());
            log.debug("start-up failure", e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping on a signal (SIGTERM/SIGINT)");
            broker.close();
            log.info("stopped");
            stopped.countDown();
            // a stop the operator asked for is a success: exit 0, not the JVM's 143 for SIGTERM
            Runtime.getRuntime().halt(0);
        }, "shutdown"));
        stopped.await();
    }
}
