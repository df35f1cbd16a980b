package io.warrenmq.server.management;

import io.warrenmq.management.backend.StatsBackend;
import io.warrenmq.server.Broker;
import io.warrenmq.server.queue.Queue;
import io.warrenmq.server.stats.RateQuery;
import io.warrenmq.server.stats.StatsSampler;
import io.warrenmq.server.vhost.Exchange;
import io.warrenmq.server.vhost.VirtualHost;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;

/**
 * The management API's {@link StatsBackend}: the {@link StatsSampler}'s rings over the broker's
 * counters (io.warrenmq.server.stats), rendered as RabbitMQ's message_stats.
 *
 * <p>Thread-safety: any thread (the sampler guards its rings).
 */
final class StatsAdapter implements StatsBackend {
    private final Broker broker;
    private final StatsSampler sampler;

    StatsAdapter(Broker broker) {
        this.broker = broker;
        this.sampler = new StatsSampler(() -> broker.vhosts().all());
    }

    StatsSampler sampler() {
        return sampler;
    }

    @Override
    public void startSampling(ScheduledExecutorService timer) {
        sampler.start(timer);
    }

    @Override
    public Map<String, Object> queueMessageStats(String vhost, String queue, Map<String, List<String>> query) {
        VirtualHost v = broker.vhosts().get(vhost);
        Queue q = v == null ? null : v.queue(queue);
        return q == null ? Map.of() : sampler.queueStats(q, RateQuery.messages(query), System.currentTimeMillis());
    }

    @Override
    public Map<String, Object> queueFigures(String vhost, String queue, Map<String, List<String>> query) {
        VirtualHost v = broker.vhosts().get(vhost);
        Queue q = v == null ? null : v.queue(queue);
        if (q == null) {
            return Map.of();
        }
        long now = System.currentTimeMillis();
        ParsedQuery parsed = parsed(query);
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        Map<String, Object> ms = sampler.queueStats(q, parsed.messages(), now);
        if (!ms.isEmpty()) {
            out.put("message_stats", ms);
        }
        sampler.queueLengthDetails(q, parsed.lengths(), now, out);
        return out;
    }

    /** A request's two ranges; a listing asks once per queue with the same query map. */
    private record ParsedQuery(Map<String, List<String>> query, RateQuery messages, RateQuery lengths) {
    }

    /** The last query parsed (any thread may replace it: each reader gets a consistent record). */
    private volatile ParsedQuery lastQuery = new ParsedQuery(null, null, null);

    private ParsedQuery parsed(Map<String, List<String>> query) {
        ParsedQuery p = lastQuery;
        if (p.query() != query) {
            p = new ParsedQuery(query, RateQuery.messages(query), RateQuery.lengths(query));
            lastQuery = p;
        }
        return p;
    }

    @Override
    public Map<String, Object> exchangeMessageStats(String vhost, String exchange, Map<String, List<String>> query) {
        VirtualHost v = broker.vhosts().get(vhost);
        Exchange e = v == null ? null : v.exchange(exchange);
        return e == null ? Map.of() : sampler.exchangeStats(e, RateQuery.messages(query), System.currentTimeMillis());
    }

    @Override
    public Map<String, Object> overviewMessageStats(boolean all, Predicate<String> vhosts,
            Map<String, List<String>> query) {
        return sampler.messageStats(vhosts, all, RateQuery.messages(query), System.currentTimeMillis());
    }

    @Override
    public Map<String, Object> vhostMessageStats(String vhost, Map<String, List<String>> query) {
        return sampler.messageStats(vhost::equals, false, RateQuery.messages(query), System.currentTimeMillis());
    }

    @Override
    public Map<String, Object> churnRates(Map<String, List<String>> query) {
        return sampler.churnRates(RateQuery.messages(query), System.currentTimeMillis());
    }

    @Override
    public Map<String, Long> globalCounters() {
        return sampler.globalTotals();
    }
}
