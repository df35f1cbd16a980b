package io.warrenmq.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Smoke test of lock-free routing racing serialized mutation: one thread binds and unbinds while others route.
 * Routes must never throw, never deliver twice, and only deliver to destinations that were bound at some point.
 */
class RouterConcurrencyTest {

    private static final String[] WORDS = {"a", "b", "", "*", "#"};
    private static final long RUN_MILLIS = 400;

    @ParameterizedTest
    @EnumSource(ExchangeType.class)
    void routesStayConsistentWhileBindingsChange(ExchangeType type) throws InterruptedException {
        Router<String> router = type.newRouter();
        Set<String> everBound = ConcurrentHashMap.newKeySet();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong routes = new AtomicLong();
        Set<Binding<String>> model = new HashSet<>();

        Thread writer = new Thread(() -> {
            Random random = new Random(1);
            List<Binding<String>> bound = new ArrayList<>();
            try {
                while (!stop.get()) {
                    if (bound.isEmpty() || random.nextInt(5) < 3) {
                        Binding<String> b = randomBinding(random);
                        everBound.add(b.destination()); // why: before bind, so readers may see it
                        if (router.bind(b)) {
                            bound.add(b);
                        }
                    } else if (random.nextInt(20) == 0) {
                        String d = bound.get(random.nextInt(bound.size())).destination();
                        router.removeDestination(d);
                        bound.removeIf(b -> b.destination().equals(d));
                    } else {
                        assertTrue(router.unbind(bound.remove(random.nextInt(bound.size()))));
                    }
                }
                model.addAll(bound);
            } catch (Throwable t) {
                failures.add(t);
            }
        }, "binder");

        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            int seed = r;
            readers.add(new Thread(() -> {
                Random random = new Random(100 + seed);
                try {
                    while (!stop.get()) {
                        List<String> delivered = new ArrayList<>();
                        router.route(randomKey(random), Headers.of(Map.of("k", random.nextInt(3))), delivered::add);
                        Set<String> distinct = new HashSet<>(delivered);
                        assertEquals(distinct.size(), delivered.size(), "duplicates " + delivered);
                        assertTrue(everBound.containsAll(distinct), "never bound: " + distinct);
                        routes.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }, "router-" + r));
        }
        writer.start();
        readers.forEach(Thread::start);
        TimeUnit.MILLISECONDS.sleep(RUN_MILLIS);
        stop.set(true);
        writer.join();
        for (Thread t : readers) {
            t.join();
        }
        assertTrue(failures.isEmpty(), () -> "failures: " + failures);
        assertTrue(routes.get() > 0);
        assertEquals(model, new HashSet<>(router.bindings()), "bindings after the race");
        assertEquals(model.size(), router.size());
    }

    private static Binding<String> randomBinding(Random random) {
        return new Binding<>("d" + random.nextInt(16), randomKey(random), Map.of("k", random.nextInt(3)));
    }

    private static String randomKey(Random random) {
        int n = random.nextInt(4);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            words.add(WORDS[random.nextInt(WORDS.length)]);
        }
        return String.join(".", words);
    }
}
