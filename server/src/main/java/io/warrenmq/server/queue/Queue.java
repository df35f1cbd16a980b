package io.warrenmq.server.queue;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import io.warrenmq.codec.types.BasicProperties;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.server.Mailbox;
import io.warrenmq.server.clock.BrokerClock;
import io.warrenmq.server.policy.EffectiveArguments;
import io.warrenmq.server.policy.VhostPolicies;
import io.warrenmq.server.vhost.BindingDestination;
import io.warrenmq.server.vhost.InboundBindings;
import io.warrenmq.server.vhost.VirtualHost;
import io.warrenmq.store.DurableStore;
import io.warrenmq.store.MessageQueue;
import io.warrenmq.store.QueueEntry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One AMQP queue: its ready messages, its consumers, and round-robin dispatch between them.
 *
 * <p>Threading: a queue is pinned to one event loop for its whole life (the loop of the
 * connection that declared it). Every other thread talks to it through its {@link Mailbox}:
 * publishes post {@link QueueEntry}s, everything else posts a {@code Runnable}; replies go back
 * to the caller's mailbox. After each batch the queue dispatches once. Nothing here is locked;
 * only the binding list is guarded by the {@link VirtualHost} monitor.
 */
public final class Queue implements Mailbox.Handler, BindingDestination {
    /** What queue.delete and basic.get answer: a count or entry, or a refusal. */
    public record Reply<T>(T value, AmqpException error) {
        static <T> Reply<T> ok(T value) {
            return new Reply<>(value, null);
        }

        static <T> Reply<T> failed(AmqpException e) {
            return new Reply<>(null, e);
        }
    }

    /** basic.get's answer: the entry (null when empty) and how many remain ready. */
    public record Got(QueueEntry entry, int remaining) {
    }

    private static final Runnable NUDGE = () -> { };

    private final VirtualHost vhost;
    private final String name;
    private final boolean durable;
    private final boolean exclusive;
    private final boolean autoDelete;
    private final FieldTable arguments;
    private final Object owner;
    private final Mailbox mailbox;
    /** The durable store for a durable queue's persistent messages; null otherwise. */
    private final DurableStore store;
    /**
     * Where messages beyond the memory window go (the vhost's store, for durable and transient
     * queues alike); null for an in-memory broker and for exclusive queues.
     */
    private final DurableStore pagingStore;

    /**
     * Entries of a durable queue kept in memory; stored messages beyond it wait on disk as ids.
     * why 2048: enough to keep consumers fed between refills (each refill reads 256), small
     * enough that a backlog costs ids, not bodies.
     */
    static final int MEMORY_WINDOW = 2048;

    // Owned by the queue's loop.
    private final MessageQueue messages;
    private final ConsumerRing consumers;
    private final ConfirmBatch confirms = new ConfirmBatch();
    /** Faults a test injected (the testkit); null, the normal case, when none (queue loop only). */
    private QueueFaults faults;
    private final QueueFlow flow;
    private boolean deliveredThisBatch;
    private boolean deleted;
    private boolean hadConsumer;

    private final InboundBindings inbound = new InboundBindings();
    /**
     * TTL, length limit and dead-lettering settings: the declare arguments with the vhost's policies
     * folded in (EffectiveArguments); replaced on the queue's loop when the policies change.
     */
    private QueueArguments args;
    /** The policy and operator policy that apply (names, for the management API); null: none. */
    private volatile String policy;
    private volatile String operatorPolicy;
    private final DeadLetters deadLetters;
    /** The broker's clock (the vhost's): TTL deadlines, x-expires, the timers for both. */
    private final BrokerClock clock;
    /** When the pending expiry timer fires (epoch millis), or 0 when none is pending. */
    private long expiryTimerAt;
    /** x-expires: when the queue was last used (consumer attached or left, basic.get, redeclare). */
    private long lastUsed;
    private boolean unusedTimerArmed;

    /** Published for readers elsewhere (stats, metrics, the testkit); set in the constructor. */
    private final QueueFigures figures;
    /** Written on the queue's loop (and in the constructor), read by the management API. */
    private volatile java.util.Map<String, Object> effectivePolicy = java.util.Map.of();
    private volatile int consumerCount;
    /** The head entry whose timestamp {@link #headTimestamp} holds (queue loop only). */
    private QueueEntry timestampedHead;
    /** The head message's timestamp property in seconds, or HeadTimestamp.NONE (head_message_timestamp). */
    private volatile long headTimestamp = HeadTimestamp.NONE;
    private final io.warrenmq.server.stats.QueueCounters counters = new io.warrenmq.server.stats.QueueCounters();
    /** The broker's observer, or NONE (then {@link #take} does nothing for it). */
    private final io.warrenmq.server.observe.MessageObserver observer;

    public Queue(VirtualHost vhost, String name, boolean durable, boolean exclusive, boolean autoDelete,
            FieldTable arguments, Object owner, EventExecutor loop) {
        this.vhost = vhost;
        this.name = name;
        this.durable = durable;
        this.exclusive = exclusive;
        this.autoDelete = autoDelete;
        this.arguments = arguments;
        this.owner = owner;
        this.observer = vhost.observer();
        this.mailbox = new Mailbox(loop, this, true);
        this.clock = vhost.clock();
        this.lastUsed = clock.currentTimeMillis();
        this.deadLetters = new DeadLetters(this, clock);
        this.flow = new QueueFlow(this, loop);
        this.store = durable && !exclusive ? vhost.store() : null;
        VhostPolicies.Matched matched = vhost.policyForQueue(name, arguments);
        this.args = parseArguments(EffectiveArguments.forQueue(arguments, matched), name, vhost.name());
        this.policy = matched.policy() == null ? null : matched.policy().name();
        this.operatorPolicy = matched.operatorPolicy() == null ? null : matched.operatorPolicy().name();
        this.effectivePolicy = EffectiveArguments.definition(matched);
        this.consumers = new ConsumerRing(args.singleActiveConsumer());
        // why no paging with a TTL: a paged-out entry keeps only its id, not its expiry time
        this.pagingStore = exclusive || args.messageTtl() != null || args.maxPriority() != null ? null : vhost.store();
        this.messages = args.maxPriority() != null ? MessageQueue.withPriorities(args.maxPriority())
                : pagingStore == null ? new MessageQueue()
                : new MessageQueue(new QueuePager(pagingStore, this), MEMORY_WINDOW);
        if (store != null) {
            messages.countPersistent();
        }
        this.figures = new QueueFigures(store != null);
    }

    /**
     * At start-up, before any connection: the queue's stored messages by id, in order; bodies are
     * read only when they near the head.
     */
    public void restoreStored(long[] idsWithFlags) {
        for (long e : idsWithFlags) {
            messages.appendStored(e, store.storedLength(e & ~MessageQueue.REDELIVERED_FLAG));
        }
        publishDepth();
    }

    private static QueueArguments parseArguments(FieldTable arguments, String name, String vhost) {
        try {
            return QueueArguments.parse(arguments, name, vhost);
        } catch (AmqpException e) {
            // validated at declare; a stored definition from an older version may not be
            return QueueArguments.NONE;
        }
    }

    /**
     * The vhost's policies changed (any thread): re-resolve the settings on the queue's loop, as
     * RabbitMQ's policy_changed does. A lower max-length trims at once (drop-head); a new TTL
     * applies to messages enqueued from now on (each message's expiry is fixed when it arrives, as
     * in RabbitMQ); the paging choice and priority levels made at creation stay.
     */
    public void applyPolicy(VhostPolicies.Matched matched) {
        mailbox.post((Runnable) () -> {
            if (deleted) {
                return;
            }
            args = parseArguments(EffectiveArguments.forQueue(arguments, matched), name, vhost.name());
            policy = matched.policy() == null ? null : matched.policy().name();
            operatorPolicy = matched.operatorPolicy() == null ? null : matched.operatorPolicy().name();
            effectivePolicy = EffectiveArguments.definition(matched);
            unusedTimerArmed = false; // re-armed after this batch with the new x-expires
            enforceMaxLength();
        });
    }

    public String policy() {
        return policy;
    }

    /** The policy and operator policy merged as they apply (effective_policy_definition); empty without. */
    public java.util.Map<String, Object> effectivePolicyDefinition() {
        return effectivePolicy;
    }

    public String operatorPolicy() {
        return operatorPolicy;
    }

    /** Whether persistent messages routed here must be written to the durable store. */
    public boolean persistsMessages() {
        return store != null;
    }

    /** The event loop that owns this queue for its whole life. */
    public io.netty.util.concurrent.EventExecutor loop() {
        return mailbox.executor();
    }

    @Override
    public String name() {
        return name;
    }

    public boolean durable() {
        return durable;
    }

    public boolean exclusive() {
        return exclusive;
    }

    public boolean autoDelete() {
        return autoDelete;
    }

    public FieldTable arguments() {
        return arguments;
    }

    /** The connection an exclusive queue belongs to (null for shared queues). */
    public Object owner() {
        return owner;
    }

    public VirtualHost vhost() {
        return vhost;
    }

    public long readyBytes() {
        return figures.readyBytes();
    }

    public int readyCount() {
        return figures.readyCount();
    }

    /** Channel loops: {@code delta} deliveries of this queue became (or stopped being) unacknowledged. */
    public void unackedChanged(int delta, QueueEntry entry) {
        figures.unackedChanged(delta, entry);
    }

    /** Persistent messages of a durable queue, ready and unacknowledged (messages_persistent). */
    public long persistentCount() {
        return figures.persistentCount();
    }

    /** Their body octets (message_bytes_persistent). */
    public long persistentBytes() {
        return figures.persistentBytes();
    }

    /** An estimate of the bytes this queue keeps in memory (its {@code memory} figure; see {@link QueueFigures}). */
    public long memoryEstimate() {
        return figures.memoryEstimate();
    }

    /** Body octets of the unacknowledged deliveries (message_bytes_unacknowledged). */
    public long unackedBytes() {
        return figures.unackedBytes();
    }

    /** The head message's timestamp property in seconds; null when it has none or the queue is empty. */
    public Long headMessageTimestamp() {
        long t = headTimestamp;
        return t == HeadTimestamp.NONE ? null : t;
    }

    /** Deliveries written to consumers (or basic.get) and not yet settled (messages_unacknowledged). */
    public long unackedCount() {
        return figures.unackedCount();
    }

    public int consumerCount() {
        return consumerCount;
    }

    // ---- Mailbox -------------------------------------------------------------------------

    @Override
    public void handle(Object item) {
        if (faults != null && !(item instanceof Runnable) && faulted(item)) {
            return;
        }
        if (item instanceof QueueFaults.Delayed d) {
            item = d.item();
        }
        if (item instanceof QueueEntry entry) {
            take(entry);
        } else if (item instanceof ConfirmedEntry c) {
            boolean taken = take(c.entry());
            // a deleted queue still confirms: the message was routed, and the queue is gone by request;
            // a full reject-publish queue refuses it: the publisher gets a nack (negative number)
            confirms.add(c.listener(), taken ? c.sequence() : -c.sequence());
        } else {
            ((Runnable) item).run();
        }
    }

    /**
     * A publish under injected faults: true when the fault consumed it (refused, dropped, or held
     * back to be posted again as {@link QueueFaults.Delayed}, which passes here untouched).
     */
    private boolean faulted(Object item) {
        if (item instanceof QueueFaults.Delayed) {
            return false;
        }
        QueueFaults.Verdict verdict = faults.next();
        if (verdict == QueueFaults.Verdict.TAKE) {
            return false;
        }
        if (verdict == QueueFaults.Verdict.DELAY) {
            loop().schedule(() -> mailbox.post(new QueueFaults.Delayed(item)), faults.delayNanos(), QueueFaults.UNIT);
            return true;
        }
        // NACK or DROP: the message goes; its publisher hears basic.nack, or for a drop basic.ack
        QueueEntry entry = item instanceof ConfirmedEntry c ? c.entry() : (QueueEntry) item;
        forget(entry);
        entry.release();
        if (item instanceof ConfirmedEntry c) {
            confirms.add(c.listener(), verdict == QueueFaults.Verdict.NACK ? -c.sequence() : c.sequence());
        }
        return true;
    }

    /**
     * Any thread: from now on, refuse the next {@code nackNext} publishes, then drop the next
     * {@code dropNext}, and hold every later one for {@code delayNanos} (0: none); all zero clears
     * the faults. The returned stage completes on the queue's loop once they apply.
     */
    public java.util.concurrent.CompletionStage<Void> injectFaults(int nackNext, int dropNext, long delayNanos) {
        java.util.concurrent.CompletableFuture<Void> applied = new java.util.concurrent.CompletableFuture<>();
        mailbox.post((Runnable) () -> {
            faults = nackNext == 0 && dropNext == 0 && delayNanos == 0 ? null
                    : new QueueFaults(nackNext, dropNext, delayNanos);
            applied.complete(null);
        });
        return applied;
    }

    /** Appends a published entry; false when x-overflow reject-publish refused it (queue full). */
    private boolean take(QueueEntry entry) {
        if (deleted) {
            entry.release();
            return true;
        }
        counters.published();
        if (args.overflow() != QueueArguments.Overflow.DROP_HEAD && !consumers.isEmpty() && isFullFor(entry)) {
            handToConsumers();
        }
        if (args.overflow() != QueueArguments.Overflow.DROP_HEAD && isFullFor(entry)) {
            if (args.overflow() == QueueArguments.Overflow.REJECT_PUBLISH_DLX) {
                die(entry, DeathHeaders.MAXLEN);
            } else {
                forget(entry);
                entry.release();
            }
            return false;
        }
        if (observer != io.warrenmq.server.observe.MessageObserver.NONE) {
            observer.enqueued(vhost.name(), name, entry.message());
        }
        if (args.maxPriority() != null) {
            entry.priority(priorityOf(entry));
        }
        long ttl = MessageTtl.of(entry, args.messageTtl());
        if (ttl == 0 && deliveredOnArrival(entry)) {
            return true;
        }
        if (ttl >= 0) {
            entry.expiresAt(clock.currentTimeMillis() + ttl);
        }
        messages.append(entry);
        if (!consumers.isEmpty() && overLimit()) {
            handToConsumers();
        }
        enforceMaxLength();
        return true;
    }

    /**
     * At the length limit, consumers with room first take what RabbitMQ would have handed them on
     * arrival (attempt_delivery before will_overflow / maybe_drop_head): a batch is appended before
     * its dispatch, and must not overflow on messages a consumer takes.
     */
    private void handToConsumers() {
        expireHead();
        dispatch();
    }

    private boolean isFullFor(QueueEntry entry) {
        Long maxLength = args.maxLength();
        Long maxBytes = args.maxLengthBytes();
        return (maxLength != null && messages.size() >= maxLength)
                || (maxBytes != null && messages.bytes() + entry.message().bodySize() > maxBytes);
    }

    private static final int PRIORITY_FLAG = 1 << 11;

    /** The message's priority property (0 when absent), as a priority queue level. */
    private static int priorityOf(QueueEntry entry) {
        ByteBuf raw = entry.message().properties();
        if (raw.readableBytes() < 2 || (raw.getUnsignedShort(raw.readerIndex()) & PRIORITY_FLAG) == 0) {
            return 0;
        }
        Integer p = BasicProperties.read(raw.duplicate()).priority();
        return p == null ? 0 : p;
    }

    /**
     * x-max-length / x-max-length-bytes with drop-head (the default overflow): the oldest messages
     * go, dead-lettered with reason maxlen. (reject-publish refuses the new message instead: take.)
     */
    private void enforceMaxLength() {
        if (args.overflow() != QueueArguments.Overflow.DROP_HEAD) {
            return;
        }
        while (overLimit()) {
            QueueEntry head = messages.poll();
            if (head == null) {
                return;
            }
            die(head, DeathHeaders.MAXLEN);
        }
    }

    private boolean overLimit() {
        Long maxLength = args.maxLength();
        Long maxBytes = args.maxLengthBytes();
        return (maxLength != null && messages.size() > maxLength) || (maxBytes != null && messages.bytes() > maxBytes);
    }

    /**
     * Expired messages leave from the head only, as in RabbitMQ, which also drops them before every
     * fetch: so a message whose TTL ran out behind the head is never delivered either.
     */
    private void expireHead() {
        long now = 0; // why lazily: most heads have no expiry, and this runs before every delivery
        QueueEntry head;
        while ((head = messages.peek()) != null && head.expiresAt() != 0) {
            if (now == 0) {
                now = clock.currentTimeMillis();
            }
            if (head.expiresAt() > now) {
                return;
            }
            messages.poll();
            die(head, DeathHeaders.EXPIRED);
        }
    }

    /**
     * TTL 0 (RabbitMQ's {@code attempt_delivery} before enqueueing): delivered if a consumer can
     * take it as it arrives, after what arrived before it; otherwise it is queued already expired.
     */
    private boolean deliveredOnArrival(QueueEntry entry) {
        dispatch();
        if (!messages.isEmpty() || consumers.isEmpty()) {
            return false;
        }
        io.warrenmq.server.queue.Consumer chosen = consumers.hasFilters()
                ? consumers.next(c -> accepts(c, entry)) : consumers.next();
        if (chosen == null) {
            return false; // every consumer is at its prefetch limit (or paused), or none takes it
        }
        handOver(entry, chosen);
        return true;
    }

    /** Queue's loop: the entry left for good; dead-lettered if the queue has a DLX. */
    private void die(QueueEntry entry, String reason) {
        forget(entry);
        deadLetters.deadLetter(entry, reason, args.deadLetterExchange(), args.deadLetterRoutingKey());
    }

    /** Arms a timer for the head's expiry so expired messages leave even with no consumer. */
    private void scheduleExpiry() {
        QueueEntry head = messages.peek();
        if (head == null || head.expiresAt() == 0 || (expiryTimerAt != 0 && expiryTimerAt <= head.expiresAt())) {
            return;
        }
        long at = head.expiresAt();
        expiryTimerAt = at;
        clock.schedule(mailbox.executor(), () -> {
            if (expiryTimerAt == at) {
                expiryTimerAt = 0;
            }
            mailbox.post(NUDGE);
        }, Math.max(0, at - clock.currentTimeMillis()), TimeUnit.MILLISECONDS);
    }

    /** Queue's loop: marks the queue used, for x-expires. */
    private void used() {
        lastUsed = clock.currentTimeMillis();
    }

    /**
     * x-expires (https://www.rabbitmq.com/docs/ttl#queue-ttl): a queue with no consumers that
     * nobody redeclared or polled for the period is deleted. Publishing does not count as use.
     */
    private void armUnusedTimer() {
        Long expires = args.expires();
        if (expires == null || unusedTimerArmed || !consumers.isEmpty()) {
            return;
        }
        unusedTimerArmed = true;
        long delay = Math.max(0, lastUsed + expires - clock.currentTimeMillis());
        clock.schedule(mailbox.executor(), () -> mailbox.post((Runnable) () -> {
            unusedTimerArmed = false;
            if (!deleted && consumers.isEmpty() && clock.currentTimeMillis() - lastUsed >= expires) {
                deleteNow();
            }
        }), delay, TimeUnit.MILLISECONDS);
    }

    /** A client rejected (nack/reject without requeue) an entry of this queue; takes ownership. */
    public void rejected(QueueEntry entry) {
        mailbox.post((Runnable) () -> {
            if (deleted || args.deadLetterExchange() == null) {
                forget(entry);
                entry.release();
            } else {
                die(entry, DeathHeaders.REJECTED);
            }
        });
    }

    @Override
    public void afterBatch() {
        if (!confirms.isEmpty()) {
            confirms.send();
        }
        if (!deleted) {
            expireHead();
        }
        dispatch();
        if (!deleted) {
            scheduleExpiry();
            armUnusedTimer();
        }
        publishDepth();
        publishHeadTimestamp();
        consumerCount = consumers.size();
        flow.update(figures.readyCount(), consumerCount > 0, deliveredThisBatch);
        deliveredThisBatch = false;
    }

    /** Queue's loop: the ready figures other threads read (the API, the metrics). */
    private void publishDepth() {
        figures.publish(messages);
    }

    private void publishHeadTimestamp() {
        // peekLoaded, not peek: a look must not read a paged-out head back from disk
        QueueEntry head = messages.peekLoaded();
        if (head != timestampedHead) {
            timestampedHead = head;
            headTimestamp = HeadTimestamp.of(head);
        }
    }

    /** Publisher flow control of this queue (any thread may ask whether it is congested). */
    public QueueFlow flow() {
        return flow;
    }

    /** Queue's loop: {@link QueueFlow}'s stall timer. */
    void afterFlowCheck() {
        flow.stallCheck(messages.size(), !consumers.isEmpty());
    }

    /** Hands ready messages to the consumers that can take them (see {@link ConsumerRing}). */
    private void dispatch() {
        while (!consumers.isEmpty() && !messages.isEmpty()) {
            expireHead();
            if (messages.isEmpty()) {
                return;
            }
            if (consumers.hasFilters()) {
                if (!dispatchFiltered()) {
                    return;
                }
                continue;
            }
            io.warrenmq.server.queue.Consumer chosen = consumers.next();
            if (chosen == null) {
                return;
            }
            handOver(messages.poll(), chosen);
        }
    }

    /**
     * How many ready messages a consumer with a filter looks through for one it takes, per try (why
     * a bound: every dispatch would otherwise scan the whole backlog for it; ActiveMQ bounds its
     * selector scans the same way). Paged-out messages are not looked at.
     */
    static final int FILTER_SCAN_LIMIT = 1000;

    /**
     * One hand-over while some consumer has a filter: the head goes to the next consumer that takes
     * it; when none does, each consumer with a filter and room looks further down the queue for a
     * message it takes. False when nothing could be handed over.
     */
    private boolean dispatchFiltered() {
        QueueEntry head = messages.peek();
        io.warrenmq.server.queue.Consumer chosen = consumers.next(c -> accepts(c, head));
        if (chosen != null) {
            handOver(messages.poll(), chosen);
            return true;
        }
        long now = clock.currentTimeMillis();
        for (io.warrenmq.server.queue.Consumer f : consumers.filteredAccepting()) {
            // an expired message behind the head is never delivered (it dies when it reaches the head)
            QueueEntry e = messages.takeFirst(entry -> (entry.expiresAt() == 0 || entry.expiresAt() > now)
                    && accepts(f, entry), FILTER_SCAN_LIMIT);
            if (e != null) {
                handOver(e, f);
                return true;
            }
        }
        return false;
    }

    private static boolean accepts(io.warrenmq.server.queue.Consumer c, QueueEntry entry) {
        ConsumerFilter filter = c.filter();
        if (filter == null) {
            return true;
        }
        try {
            return filter.accepts(io.warrenmq.codec.types.BasicProperties.read(entry.message().properties().duplicate()));
        } catch (RuntimeException e) {
            return false; // properties the filter cannot read: not for it
        }
    }

    private void handOver(QueueEntry entry, io.warrenmq.server.queue.Consumer chosen) {
        recordDelivery(entry, chosen.noAck());
        counters.delivered(chosen.noAck(), entry.redelivered());
        chosen.dispatched();
        Delivery.post(chosen, entry);
        deliveredThisBatch = true;
    }

    /** A stored message handed out: auto-ack removes it, manual ack marks it redelivered-on-recovery. */
    private void recordDelivery(QueueEntry entry, boolean noAck) {
        entry.delivered();
        if (pagingStore != null && entry.storeId() >= 0) {
            if (noAck) {
                pagingStore.remove(vhost.name(), name, entry.storeId());
            } else if (entry.message().persistent() && store != null) {
                store.delivered(vhost.name(), name, entry.storeId());
            }
        }
    }

    /**
     * Any thread: the entry left this queue for good (acked, or dropped by nack/reject); its
     * stored copy goes too. The caller still releases the entry.
     */
    public void forget(QueueEntry entry) {
        if (pagingStore != null && entry.storeId() >= 0) {
            pagingStore.remove(vhost.name(), name, entry.storeId());
        }
    }

    private <T> void reply(Mailbox replyTo, Consumer<T> callback, T value) {
        replyTo.post((Runnable) () -> callback.accept(value));
    }

    // ---- Operations, callable from any thread -------------------------------------------

    /** Takes ownership of the entry. */
    public void enqueue(QueueEntry entry) {
        mailbox.post(entry);
    }

    /** Takes ownership of the entry and reports {@code sequence} to the listener once taken. */
    public void enqueue(QueueEntry entry, ConfirmListener listener, long sequence) {
        mailbox.post(new ConfirmedEntry(entry, listener, sequence));
    }

    /** Asks the queue to try dispatching again (a consumer's credit or socket freed up). */
    public void nudge() {
        mailbox.post(NUDGE);
    }

    /**
     * After a declare, an import or a restore: a first batch arms the queue's timers, which only a
     * queue with {@code x-expires} has while it is empty (a message TTL runs from each message's
     * arrival). why not always nudge: a queue's mailbox is created by its first post, so a declared
     * queue that nobody uses then costs no inbox (QueueMemoryBenchmark). On the thread that
     * constructed the queue, before it is shared, or any thread once the queue's loop has run.
     */
    public void armTimers() {
        if (args.expires() != null) {
            nudge();
        }
    }

    /** Puts delivered entries back in their original positions; takes ownership. */
    public void requeue(List<QueueEntry> entries) {
        mailbox.post((Runnable) () -> {
            Long limit = args.deliveryLimit();
            for (QueueEntry e : entries) {
                if (deleted) {
                    e.release();
                } else if (limit != null && e.deliveries() > limit) {
                    // x-delivery-limit: delivered unsuccessfully more than the limit
                    die(e, DeathHeaders.DELIVERY_LIMIT);
                } else {
                    messages.requeue(e);
                }
            }
            if (!deleted) {
                // RabbitMQ (requeue_and_run, maybe_drop_head): drop-head applies to the length after
                // the requeue, each message counted once, so the oldest overflowing ones go (maxlen)
                enforceMaxLength();
            }
        });
    }

    public void addConsumer(io.warrenmq.server.queue.Consumer consumer, Mailbox replyTo,
            Consumer<Reply<Void>> done) {
        mailbox.post((Runnable) () -> {
            if (deleted) {
                reply(replyTo, done, Reply.failed(AmqpException.of(ReplyCode.NOT_FOUND,
                        "no queue '%s' in vhost '%s'", name, vhost.name())));
                return;
            }
            if (consumers.exclusivelyHeld() || (consumer.exclusive() && !consumers.isEmpty())) {
                reply(replyTo, done, Reply.failed(AmqpException.of(ReplyCode.ACCESS_REFUSED,
                        "queue '%s' in vhost '%s' in exclusive use", name, vhost.name())));
                return;
            }
            consumers.add(consumer);
            hadConsumer = true;
            used();
            reply(replyTo, done, Reply.ok(null));
        });
    }

    public void removeConsumer(io.warrenmq.server.queue.Consumer consumer) {
        mailbox.post((Runnable) () -> {
            used();
            if (consumers.remove(consumer) && consumers.isEmpty() && autoDelete && hadConsumer && !deleted) {
                // spec: an auto-delete queue is deleted when its last consumer is cancelled
                deleteNow();
            }
        });
    }

    /** basic.get: the next ready entry (ownership passes to the caller) or none. */
    public void get(boolean noAck, Mailbox replyTo, Consumer<Got> done) {
        mailbox.post((Runnable) () -> {
            if (!deleted) {
                used();
                expireHead();
            }
            QueueEntry entry = deleted ? null : messages.poll();
            if (entry != null) {
                recordDelivery(entry, noAck);
            }
            counters.got(entry != null, noAck, entry != null && entry.redelivered());
            reply(replyTo, done, new Got(entry, messages.size()));
        });
    }

    /**
     * queue.declare on an existing queue: the ready and consumer counts, in order with publishes.
     * Any declare that asks for them, passive or not, renews the x-expires lease, as RabbitMQ's
     * queue process resets its expiry timer on every stat.
     */
    public void counts(Mailbox replyTo, Consumer<int[]> done) {
        mailbox.post((Runnable) () -> {
            used();
            reply(replyTo, done, new int[] {messages.size(), consumers.size()});
        });
    }

    /**
     * Whether a purge now would find nothing: no ready message and nothing waiting in the queue's
     * inbox (a publish on its way, say). From any thread; the testkit's reset skips the round
     * trip to the queue's loop for such a queue.
     */
    public boolean idleAndEmpty() {
        return mailbox.idle() && figures.readyCount() == 0;
    }

    public void purge(Mailbox replyTo, Consumer<Integer> done) {
        mailbox.post((Runnable) () -> {
            int count = messages.drain(QueueEntry::release);
            if (pagingStore != null) {
                pagingStore.purge(vhost.name(), name);
            }
            reply(replyTo, done, count);
        });
    }

    public void delete(boolean ifUnused, boolean ifEmpty, Mailbox replyTo, Consumer<Reply<Integer>> done) {
        mailbox.post((Runnable) () -> {
            if (deleted) {
                reply(replyTo, done, Reply.ok(0));
            } else if (ifUnused && !consumers.isEmpty()) {
                reply(replyTo, done, Reply.failed(AmqpException.of(ReplyCode.PRECONDITION_FAILED,
                        "queue '%s' in vhost '%s' in use", name, vhost.name())));
            } else if (ifEmpty && !messages.isEmpty()) {
                reply(replyTo, done, Reply.failed(AmqpException.of(ReplyCode.PRECONDITION_FAILED,
                        "queue '%s' in vhost '%s' is not empty", name, vhost.name())));
            } else {
                reply(replyTo, done, Reply.ok(deleteNow()));
            }
        });
    }

    /** Deletes the queue without conditions (its exclusive owner closed); from any thread. */
    public void deleteAsync() {
        mailbox.post((Runnable) () -> {
            if (!deleted) {
                deleteNow();
            }
        });
    }

    /**
     * Broker shutdown: frees the messages held in memory without touching the durable store, so
     * a durable queue's persistent messages are found again at the next start.
     */
    public void discardOnShutdown() {
        mailbox.post((Runnable) () -> {
            deleted = true;
            messages.drain(QueueEntry::release);
            consumers.clear(c -> { });
            flow.end();
        });
    }

    /** Queue's loop: drops every ready message, cancels every consumer, unregisters. */
    private int deleteNow() {
        deleted = true;
        vhost.removeQueue(this);
        if (pagingStore != null) {
            pagingStore.deleteQueue(vhost.name(), name);
        }
        int count = messages.drain(QueueEntry::release);
        consumers.clear(c -> c.owner().mailbox().post((Runnable) () -> c.owner().cancelledByQueue(c)));
        publishDepth();
        consumerCount = 0;
        flow.end();
        return count;
    }

    @Override
    public InboundBindings inboundBindings() {
        return inbound;
    }

    @Override
    public String toString() {
        return "queue '" + name + "' in vhost '" + vhost.name() + "'";
    }

    /** The queue's message counters (management stats and metrics); any thread may read them. */
    public io.warrenmq.server.stats.QueueCounters counters() {
        return counters;
    }
}
