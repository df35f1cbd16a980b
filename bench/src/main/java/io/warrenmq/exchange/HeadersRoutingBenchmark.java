package io.warrenmq.exchange;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Routing one message through a headers exchange with {@code bindings} bindings (2,000 by default) to
 * 500 queues, all with {@code x-match} = {@code xMatch}. Each binding names two of the headers
 * {@code format} (20 string values), {@code region} (16), {@code type} (50) and {@code priority}
 * (10 integers); each message carries all four plus an unrelated {@code trace-id}. The headers
 * exchange tests every binding (as RabbitMQ does), so this is the linear cost per binding.
 *
 * <p>Headers are a {@code Map} behind {@link Headers#of} (the server adapts its decoded field table
 * the same way). Fixed seed. Thread-safety: one instance per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HeadersRoutingBenchmark {
    private static final int QUEUES = 500;
    private static final int MESSAGES = 1024;
    private static final String[] NAMES = {"format", "region", "type", "priority"};
    private static final int[] CARDINALITY = {20, 16, 50, 10};

    @Param("2000")
    public int bindings;

    @Param({"all", "any"})
    public String xMatch;

    private Router<String> router;
    private Headers[] messages;
    private int next;
    private int matched;
    private final Consumer<String> sink = destination -> matched++;

    @Setup
    public void setUp() {
        Random random = new Random(7);
        router = Router.create(ExchangeType.HEADERS);
        while (router.size() < bindings) {
            Map<String, Object> args = new HashMap<>();
            args.put("x-match", xMatch);
            int first = random.nextInt(NAMES.length);
            int second = (first + 1 + random.nextInt(NAMES.length - 1)) % NAMES.length;
            args.put(NAMES[first], value(first, random.nextInt(CARDINALITY[first])));
            args.put(NAMES[second], value(second, random.nextInt(CARDINALITY[second])));
            Binding<String> binding = new Binding<>("q" + random.nextInt(QUEUES), "", args);
            if (router.validate(binding).isEmpty()) {
                router.bind(binding);
            }
        }
        messages = new Headers[MESSAGES];
        for (int i = 0; i < MESSAGES; i++) {
            Map<String, Object> headers = new HashMap<>();
            for (int n = 0; n < NAMES.length; n++) {
                headers.put(NAMES[n], value(n, random.nextInt(CARDINALITY[n])));
            }
            headers.put("trace-id", "t-" + random.nextLong());
            messages[i] = Headers.of(headers);
        }
        matched = 0;
        for (Headers h : messages) {
            router.route("", h, sink);
        }
        System.out.printf("%n%d bindings, x-match %s; a message reaches %.2f queues on average%n", router.size(),
                xMatch, (double) matched / MESSAGES);
    }

    private static Object value(int name, int v) {
        return NAMES[name].equals("priority") ? (Object) v : NAMES[name] + "-" + v;
    }

    @Benchmark
    public int route() {
        Headers headers = messages[next++ & (MESSAGES - 1)];
        matched = 0;
        router.route("", headers, sink);
        return matched;
    }
}
