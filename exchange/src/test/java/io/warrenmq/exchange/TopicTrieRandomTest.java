package io.warrenmq.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Randomized comparison of the trie-backed {@link TopicRouter} with {@link NaiveTopicMatcher} under random binds
 * and unbinds. Prints the seed; rerun a failure with {@code -Dwarren.seed=<seed>}.
 */
class TopicTrieRandomTest {

    private static final String[] PATTERN_WORDS = {"a", "b", "", "*", "#", "#", "*"};
    private static final String[] KEY_WORDS = {"a", "b", "", "c", "*", "#"};

    @Test
    void trieRoutesLikeNaiveMatcherUnderRandomBindsAndUnbinds() {
        long seed = Long.getLong("warren.seed", System.nanoTime());
        System.out.println("TopicTrieRandomTest seed: " + seed + " (rerun with -Dwarren.seed=" + seed + ")");
        Random random = new Random(seed);
        for (int round = 0; round < 40; round++) {
            runRound(random, seed, round);
        }
    }

    private void runRound(Random random, long seed, int round) {
        TopicRouter<Integer> router = new TopicRouter<>();
        Set<Binding<Integer>> model = new HashSet<>();
        List<Binding<Integer>> everBound = new ArrayList<>();
        for (int op = 0; op < 400; op++) {
            if (model.isEmpty() || random.nextInt(3) > 0) {
                Binding<Integer> b = new Binding<>(random.nextInt(8), key(random, PATTERN_WORDS, 5));
                assertEquals(model.add(b), router.bind(b), "bind " + b + " seed " + seed);
                everBound.add(b);
            } else {
                Binding<Integer> b = everBound.get(random.nextInt(everBound.size()));
                assertEquals(model.remove(b), router.unbind(b), "unbind " + b + " seed " + seed);
            }
            if (op % 10 == 0) {
                for (int k = 0; k < 20; k++) {
                    String key = key(random, KEY_WORDS, 6);
                    assertEquals(expected(model, key), Routes.route(router, key),
                            "routing key '" + key + "' round " + round + " seed " + seed + " bindings " + model);
                }
            }
        }
        assertEquals(model.size(), router.size());
        new ArrayList<>(model).forEach(router::unbind);
        assertEquals(1, router.trieNodeCount(), "trie pruned to the root, seed " + seed);
    }

    private static Set<Integer> expected(Set<Binding<Integer>> model, String key) {
        Set<Integer> out = new HashSet<>();
        for (Binding<Integer> b : model) {
            if (NaiveTopicMatcher.matches(b.routingKey(), key)) {
                out.add(b.destination());
            }
        }
        return out;
    }

    private static String key(Random random, String[] alphabet, int maxWords) {
        int n = random.nextInt(maxWords + 1);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            words.add(alphabet[random.nextInt(alphabet.length)]);
        }
        return String.join(".", words);
    }
}
