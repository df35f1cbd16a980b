package io.warrenmq.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The load generator's command line.
 *
 * <p>Thread-safety: immutable.
 *
 * @param confirmWindow 0 without publisher confirms, else the most unconfirmed messages per producer
 * @param ackEvery      0 for no-ack consumers, else one {@code basic.ack multiple} per this many deliveries
 * @param brokerPid     0, or the broker's process id on this machine, to report the CPU it used
 */
record LoadOptions(BrokerAddress address, String queue, int producers, int consumers, int bodySize,
                   int durationSeconds, int warmupSeconds, boolean persistent, int confirmWindow, int ackEvery,
                   int prefetch, int ratePerProducer, int threads, long brokerPid) {

    static final String USAGE = """
            usage: java -cp bench/target/benchmarks.jar io.warrenmq.bench.LoadGenerator [options]
              --uri URI          amqp://user:pass@host:port/vhost (default amqp://guest:guest@localhost:5672/%2F)
              --host H, --port N override the URI's host and port
              --size BYTES       message body size (default 16)
              --duration S       seconds to publish (default 20)
              --warmup S         seconds left out of the steady-state (ss_) rates (default 5)
              --persistent       delivery-mode 2 and a durable queue (default: transient, non-durable queue)
              --confirm N        publisher confirms, at most N unconfirmed per producer (default 0: off)
              --ack MODE         auto (no-ack consumer, the default) or N: basic.ack multiple every N deliveries
              --prefetch N       basic.qos prefetch-count for acking consumers (default 1000; 0: unlimited)
              --producers N      publishing connections (default 1)
              --consumers N      consuming connections (default 1)
              --rate N           messages/s per producer (default 0: as fast as the broker takes them)
              --queue NAME       queue to declare, use and delete at the end (default loadgen-<pid>)
              --threads N        client event-loop threads (default: one per connection)
              --broker-pid PID   also report the broker process's CPU time per message (Linux /proc)
            """;

    static LoadOptions parse(String... args) {
        BrokerAddress address = BrokerAddress.defaults();
        String host = null;
        int port = -1;
        String queue = "loadgen-" + ProcessHandle.current().pid();
        int producers = 1;
        int consumers = 1;
        int size = 16;
        int duration = 20;
        int warmup = 5;
        boolean persistent = false;
        int confirm = 0;
        int ackEvery = 0;
        int prefetch = 1000;
        int rate = 0;
        int threads = 0;
        long brokerPid = 0;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String option = rest.remove(0);
            switch (option) {
                case "--uri" -> address = BrokerAddress.parse(value(option, rest));
                case "--host" -> host = value(option, rest);
                case "--port" -> port = number(option, rest, 1);
                case "--size" -> size = number(option, rest, 0);
                case "--duration" -> duration = number(option, rest, 1);
                case "--warmup" -> warmup = number(option, rest, 0);
                case "--persistent" -> persistent = true;
                case "--transient" -> persistent = false;
                case "--confirm" -> confirm = number(option, rest, 0);
                case "--ack" -> {
                    String mode = value(option, rest);
                    ackEvery = mode.equals("auto") || mode.equals("none") ? 0 : parseNumber(option, mode, 1);
                }
                case "--prefetch" -> prefetch = number(option, rest, 0);
                case "--producers" -> producers = number(option, rest, 0);
                case "--consumers" -> consumers = number(option, rest, 0);
                case "--rate" -> rate = number(option, rest, 0);
                case "--queue" -> queue = value(option, rest);
                case "--threads" -> threads = number(option, rest, 1);
                case "--broker-pid" -> brokerPid = number(option, rest, 1);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (host != null) {
            address = address.withHost(host);
        }
        if (port > 0) {
            address = address.withPort(port);
        }
        if (producers + consumers == 0) {
            throw new IllegalArgumentException("nothing to do: no producers and no consumers");
        }
        if (threads == 0) {
            threads = producers + consumers;
        }
        return new LoadOptions(address, queue, producers, consumers, size, duration, Math.min(warmup, duration - 1),
                persistent, confirm, ackEvery, prefetch, rate, threads, brokerPid);
    }

    /** One line for the report's head. */
    String describe() {
        return String.format("%s queue=%s producers=%d consumers=%d size=%d %s confirm=%s ack=%s%s rate=%s "
                        + "duration=%ds warmup=%ds",
                address, queue, producers, consumers, bodySize, persistent ? "persistent" : "transient",
                confirmWindow == 0 ? "off" : String.valueOf(confirmWindow),
                ackEvery == 0 ? "auto" : "multiple/" + ackEvery,
                ackEvery == 0 ? "" : " prefetch=" + prefetch,
                ratePerProducer == 0 ? "max" : ratePerProducer + "/s", durationSeconds, warmupSeconds);
    }

    private static String value(String option, List<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.remove(0);
    }

    private static int number(String option, List<String> rest, int min) {
        return parseNumber(option, value(option, rest), min);
    }

    private static int parseNumber(String option, String text, int min) {
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, got '" + text + "'");
        }
        if (n < min) {
            throw new IllegalArgumentException(option + " must be at least " + min + ", got " + n);
        }
        return n;
    }
}
