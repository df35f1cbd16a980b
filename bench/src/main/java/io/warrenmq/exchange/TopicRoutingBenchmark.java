package io.warrenmq.exchange;

import java.util.ArrayList;
import java.util.List;
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
 * Routing one message through a topic exchange with {@code bindings} bindings (100,000 by default) to
 * 1,000 queues. Binding keys are four words, {@code region.service.entity.event}, from a space of
 * 8 x 50 x 100 x 10 = 400,000 keys: 94% exact keys, 4% with one word replaced by {@code *}, 2% a
 * two- or three-word prefix followed by {@code #}. Routing keys are 4,096 keys drawn beforehand, half
 * of them keys some binding has exactly, half anywhere in the key space; each operation routes the
 * next one and counts the queues reached (setup prints the average).
 *
 * <p>Fixed seed, so every run builds the same trie. Thread-safety: one instance per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TopicRoutingBenchmark {
    private static final int QUEUES = 1000;
    private static final int KEYS = 4096;
    static final String[] REGIONS = {"eu", "us", "ap", "sa", "af", "me", "cn", "in"};
    static final String[] EVENTS = {"created", "updated", "deleted", "archived", "restored", "viewed", "shared",
            "locked", "unlocked", "moved"};

    @Param("100000")
    public int bindings;

    private Router<String> router;
    private String[] routingKeys;
    private int next;
    private int matched;
    private final Consumer<String> sink = destination -> matched++;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        router = Router.create(ExchangeType.TOPIC);
        List<String> exactKeys = new ArrayList<>();
        while (router.size() < bindings) {
            String[] words = randomKey(random);
            int kind = random.nextInt(100);
            String key;
            if (kind < 94) {
                key = String.join(".", words);
            } else if (kind < 98) {
                words[random.nextInt(4)] = "*";
                key = String.join(".", words);
            } else {
                int prefix = 2 + random.nextInt(2);
                key = String.join(".", List.of(words).subList(0, prefix)) + ".#";
            }
            if (router.bind(new Binding<>("q" + random.nextInt(QUEUES), key)) && kind < 94) {
                exactKeys.add(key);
            }
        }
        routingKeys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            routingKeys[i] = i % 2 == 0
                    ? exactKeys.get(random.nextInt(exactKeys.size()))
                    : String.join(".", randomKey(random));
        }
        matched = 0;
        for (String key : routingKeys) {
            router.route(key, Headers.EMPTY, sink);
        }
        System.out.printf("%n%d bindings; a routing key reaches %.2f queues on average%n", router.size(),
                (double) matched / KEYS);
    }

    static String[] randomKey(Random random) {
        return new String[] {REGIONS[random.nextInt(REGIONS.length)], "svc" + random.nextInt(50),
                "ent" + random.nextInt(100), EVENTS[random.nextInt(EVENTS.length)]};
    }

    @Benchmark
    public int route() {
        String key = routingKeys[next++ & (KEYS - 1)];
        matched = 0;
        router.route(key, Headers.EMPTY, sink);
        return matched;
    }
}
