package io.warrenmq.exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/*
 * Topic trie
 * ==========
 *
 * Words. A key is split on '.', keeping empty words: "a..b" is [a, "", b], "a." is [a, ""], "." is ["", ""].
 * The empty key "" is zero words (RabbitMQ's split_topic_key(<<>>) is []), for routing and binding keys alike,
 * so "" matches the bindings "", "#", "#.#" but not "*" (RabbitMQ's topic test: "" -> t5 '#', t6 '#.#',
 * t17 '', t24 '#.#.#').
 *
 * Shape. One trie per exchange. Each binding key is a path of edges from the root; each edge is a literal word
 * (in a WordTable), '*' or '#' (each in its own field). The bindings of a key live in an immutable BindingSet
 * at the node where its path ends. Keys share prefixes: "a.b.c" and "a.b.#" share the nodes for "a" and "a.b".
 *
 *     root ─a─> n1 ─b─> n2 ─c─> n3 {q1: "a.b.c"}
 *                        └─#─> n4 {q2: "a.b.#"}
 *         ─*─> n5 ─#─> n6 {q3: "*.#", q3: "#.*"}     ("#.*" is stored as "*.#", see below)
 *
 * Normal form. Inside a run of consecutive wildcards only the number of '*' and whether there is a '#' matter,
 * so the run is stored as its '*'s followed by at most one '#': "#.#" -> "#", "#.*" -> "*.#", "#.*.#" -> "*.#".
 * The binding keeps its original key (bindings() and unbind see "#.*"); only its trie position is normalized.
 * Consequence: no '#' edge is ever followed directly by another '#' edge.
 *
 * Matching walks the routing key in place (positions, not substrings), from (root, first word):
 *   - no words left: collect this node's bindings; a '#' child also matches zero words, so walk into it;
 *   - otherwise try the literal child for the current word and the '*' child with the next position, and the
 *     '#' child once for every suffix of the remaining words (zero words up to all of them).
 * A node is reached at position p along exactly one path, and when that path holds at most one '#' edge the
 * '#' must have eaten a fixed number of words, so each (node, p) state is visited at most once. Only below a
 * second '#' (e.g. "#.a.#") can a state be reached twice; such nodes (hashEdges >= 2) record visited states in
 * the thread's RouteScratch and skip repeats. That bounds a route by O(nodes x words) instead of the
 * exponential blow-up of naive backtracking on keys like "#.a.#.a.#.a", and with normalization keeps the
 * common case free of any bookkeeping. A destination found at several nodes is emitted once (RouteScratch).
 *
 * Mutation touches only the binding's path: create missing nodes on the way down and replace the end node's
 * BindingSet on bind; replace the set and prune now-empty nodes bottom-up on unbind.
 *
 * Concurrency. Mutations are serialized by the owner (TopicRouter's lock). Readers take no lock: child links
 * are volatile fields or WordTable buckets (release/acquire), binding sets are immutable and volatile, and a new
 * node is fully built before it is linked. A reader racing a mutation sees each binding before or after it; a
 * reader inside a subtree being pruned only finds it empty.
 */

/**
 * A trie of topic binding keys ({@code *} = exactly one word, {@code #} = zero or more words) that matches a
 * routing key without splitting it and without scanning bindings; see the block comment above for the layout,
 * the normal form and the complexity argument.
 *
 * <p>Thread-safety: {@link #match} is lock-free and may run on many threads; {@link #add} and {@link #remove}
 * must be serialized by the caller, and may run concurrently with matches.
 */
final class TopicTrie<D> {

    private static final String STAR = "*";
    private static final String HASH = "#";

    private static final class Node {
        final Node parent;
        final String edge; // the word from parent: a literal, STAR or HASH; null at the root
        final int id; // for the visited set
        final int hashEdges; // '#' edges on the path from the root
        final WordTable<Node> literals = new WordTable<>();
        volatile Node star;
        volatile Node hash;
        volatile BindingSet<?> bindings = BindingSet.empty();

        Node(Node parent, String edge, int id) {
            this.parent = parent;
            this.edge = edge;
            this.id = id;
            this.hashEdges = parent == null ? 0 : parent.hashEdges + (edge.equals(HASH) ? 1 : 0);
        }

        boolean isEmpty() {
            return bindings.isEmpty() && star == null && hash == null && literals.isEmpty();
        }
    }

    private final Node root = new Node(null, null, 1);
    private int lastNodeId = 1; // writer-only

    /** Adds a binding (the caller has checked it is not present). Writer only. */
    void add(Binding<D> binding) {
        Node node = root;
        for (String word : pathOf(binding.routingKey())) {
            Node child = child(node, word);
            if (child == null) {
                child = new Node(node, word, nextNodeId());
                link(node, word, child);
            }
            node = child;
        }
        node.bindings = bindingsOf(node).with(binding);
    }

    /** Removes a binding if present and prunes nodes left empty. Writer only. */
    void remove(Binding<D> binding) {
        Node node = root;
        for (String word : pathOf(binding.routingKey())) {
            node = child(node, word);
            if (node == null) {
                return;
            }
        }
        node.bindings = bindingsOf(node).without(binding);
        while (node != root && node.isEmpty()) {
            unlink(node.parent, node.edge);
            node = node.parent;
        }
    }

    /** Calls {@code sink} once for each destination whose binding key matches {@code routingKey}. */
    void match(String routingKey, Consumer<? super D> sink) {
        RouteScratch scratch = RouteScratch.acquire();
        try {
            // why: "" is zero words; a start beyond the end means "no words left"
            walk(root, routingKey, routingKey.isEmpty() ? 1 : 0, scratch);
            scratch.emit(sink);
        } finally {
            scratch.release();
        }
    }

    /** Number of nodes including the root; for tests. Writer only (or quiescent). */
    int nodeCount() {
        return count(root);
    }

    /**
     * Collects the bindings of every node matching the words of {@code key} from {@code position} on.
     * {@code position > key.length()} means no words are left.
     */
    private void walk(Node node, String key, int position, RouteScratch scratch) {
        if (node.hashEdges >= 2 && !scratch.visit(node.id, position)) {
            return; // why: this (node, position) state was already explored through another '#' split
        }
        int length = key.length();
        if (position > length) {
            BindingSet<?> here = node.bindings;
            if (!here.isEmpty()) {
                scratch.found(here);
            }
            Node hash = node.hash;
            if (hash != null) {
                walk(hash, key, position, scratch);
            }
            return;
        }
        int end = key.indexOf('.', position);
        if (end < 0) {
            end = length;
        }
        int next = end + 1; // length + 1 when this was the last word
        Node literal = node.literals.get(key, position, end);
        if (literal != null) {
            walk(literal, key, next, scratch);
        }
        Node star = node.star;
        if (star != null) {
            walk(star, key, next, scratch);
        }
        Node hash = node.hash;
        if (hash != null) {
            int p = position;
            while (true) {
                walk(hash, key, p, scratch); // '#' eats the words before p
                if (p > length) {
                    break;
                }
                int dot = key.indexOf('.', p);
                p = dot < 0 ? length + 1 : dot + 1;
            }
        }
    }

    /** The trie path of a binding key: its words with each wildcard run in normal form. */
    static List<String> pathOf(String bindingKey) {
        List<String> path = new ArrayList<>();
        if (bindingKey.isEmpty()) {
            return path;
        }
        String[] words = bindingKey.split("\\.", -1); // mutation path only; routing never splits
        int i = 0;
        while (i < words.length) {
            if (!isWildcard(words[i])) {
                path.add(words[i++]);
                continue;
            }
            boolean hash = false;
            for (; i < words.length && isWildcard(words[i]); i++) {
                if (words[i].equals(HASH)) {
                    hash = true;
                } else {
                    path.add(STAR);
                }
            }
            if (hash) {
                path.add(HASH);
            }
        }
        return path;
    }

    private static boolean isWildcard(String word) {
        return word.equals(STAR) || word.equals(HASH);
    }

    private static Node child(Node node, String word) {
        switch (word) {
            case STAR: return node.star;
            case HASH: return node.hash;
            default: return node.literals.get(word);
        }
    }

    private static void link(Node parent, String word, Node child) {
        switch (word) {
            case STAR: parent.star = child; break;
            case HASH: parent.hash = child; break;
            default: parent.literals.put(word, child);
        }
    }

    private static void unlink(Node parent, String word) {
        switch (word) {
            case STAR: parent.star = null; break;
            case HASH: parent.hash = null; break;
            default: parent.literals.remove(word);
        }
    }

    @SuppressWarnings("unchecked") // every set in this trie holds Binding<D>
    private BindingSet<D> bindingsOf(Node node) {
        return (BindingSet<D>) node.bindings;
    }

    private int nextNodeId() {
        lastNodeId++;
        if (lastNodeId == 0) { // why: ids are nonzero so a visited key is never the empty slot 0
            lastNodeId = 1;
        }
        return lastNodeId;
    }

    private static int count(Node node) {
        int[] total = {1};
        node.literals.forEach((word, child) -> total[0] += count(child));
        if (node.star != null) {
            total[0] += count(node.star);
        }
        if (node.hash != null) {
            total[0] += count(node.hash);
        }
        return total[0];
    }
}
