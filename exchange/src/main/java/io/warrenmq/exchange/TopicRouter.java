package io.warrenmq.exchange;

import java.util.function.Consumer;

/**
 * Topic exchange: a message goes to the destinations whose binding key pattern matches its routing key,
 * where words are separated by {@code '.'}, {@code *} matches exactly one word and {@code #} zero or more
 * (RabbitMQ semantics, including empty words and {@code ""} being zero words). Matching is a {@link TopicTrie}
 * walk; each matching destination is delivered once however many of its bindings match.
 *
 * <p>Thread-safety: {@code route} is lock-free and allocation-free in the common case; serialized mutations
 * touch only the bound key's trie path, so declaring n bindings costs O(n x key length), not O(n^2).
 */
public final class TopicRouter<D> extends BindingTableRouter<D> {

    private final TopicTrie<D> trie = new TopicTrie<>();

    @Override
    void added(Binding<D> binding) {
        trie.add(binding);
    }

    @Override
    void removed(Binding<D> binding) {
        trie.remove(binding);
    }

    @Override
    public void route(String routingKey, Headers headers, Consumer<? super D> sink) {
        trie.match(routingKey == null ? "" : routingKey, sink);
    }

    /** Trie nodes including the root; for tests of pruning. Call only while no mutation runs. */
    int trieNodeCount() {
        return trie.nodeCount();
    }
}
