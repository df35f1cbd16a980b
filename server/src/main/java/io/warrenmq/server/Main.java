package io.warrenmq.server;

import java.util.concurrent.CountDownLatch;

/**
 * Starts a broker from a config file and command-line flags, and stops it on SIGTERM/SIGINT.
 * See {@link ConfigLoader} for the flags.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        BrokerConfig config;
        try {
            config = ConfigLoader.fromArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println("warren: " + e.getMessage());
            System.err.println(ConfigLoader.USAGE);
            System.exit(2);
            return;
        }
        Broker broker = new Broker(config).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }
}
