package io.warrenmq.exchange;

import java.util.List;

/**
 * The reference topic matcher for the randomized trie test: a direct recursive reading of the rules
 * (words split on '.', "" is zero words, '*' one word, '#' zero or more). Slow and obviously correct.
 */
final class NaiveTopicMatcher {

    private NaiveTopicMatcher() {
    }

    static boolean matches(String bindingKey, String routingKey) {
        return matches(words(bindingKey), 0, words(routingKey), 0);
    }

    private static List<String> words(String key) {
        return key.isEmpty() ? List.of() : List.of(key.split("\\.", -1));
    }

    private static boolean matches(List<String> pattern, int p, List<String> words, int w) {
        if (p == pattern.size()) {
            return w == words.size();
        }
        if (pattern.get(p).equals("#")) {
            for (int skip = w; skip <= words.size(); skip++) {
                if (matches(pattern, p + 1, words, skip)) {
                    return true;
                }
            }
            return false;
        }
        return w < words.size()
                && (pattern.get(p).equals("*") || pattern.get(p).equals(words.get(w)))
                && matches(pattern, p + 1, words, w + 1);
    }
}
