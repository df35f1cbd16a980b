package io.warrenmq.it;

import static io.warrenmq.it.AmqpAssertions.expectChannelError;
import static io.warrenmq.it.Messages.text;
import static io.warrenmq.it.Messages.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import io.warrenmq.it.crash.AckingConsumer;
import io.warrenmq.it.crash.BrokerProcess;
import io.warrenmq.it.crash.ConfirmingPublisher;
import io.warrenmq.it.crash.CyclePlan;
import io.warrenmq.it.crash.Ledger;
import io.warrenmq.it.crash.MessageId;
import io.warrenmq.it.crash.QueueHistory;
import io.warrenmq.it.crash.RecoveryCheck;
import io.warrenmq.it.crash.Route;
import io.warrenmq.it.crash.TracedMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Crash recovery: a broker SIGKILLed while publishers and consumers are busy, then restarted on the
 * same data directory, has lost no message it confirmed.
 *
 * <p>The rules it holds Warren to:
 * <ul>
 *   <li>RabbitMQ publisher confirms (https://www.rabbitmq.com/docs/confirms): "For persistent
 *       messages routed to durable queues, this means persisting to disk" before the basic.ack.
 *       So every confirmed persistent message routed to a durable queue is there after any crash,
 *       in every queue it was routed to, unless a client acked it on that queue.</li>
 *   <li>AMQP 0-9-1 queue.declare {@code durable}: "Durable queues remain active when a server
 *       restarts"; exchange.declare {@code durable}: "Durable exchanges remain active when a server
 *       restarts. Non-durable exchanges (transient exchanges) are purged if/when a server restarts."</li>
 *   <li>basic.publish delivery-mode 2 (persistent) versus 1: as in RabbitMQ, transient messages in a
 *       durable queue do not survive a restart.</li>
 * </ul>
 * {@link RecoveryCheck} lists what is checked on each queue after each crash (loss, duplicates,
 * per-publisher order, intact bodies, only the newest acks lost, no resurrection, redelivered flag).
 *
 * <p>The broker runs as a child JVM ({@link BrokerProcess}). The crash test runs
 * {@code -Dwarren.crash.cycles} (default 10) kill/restart cycles on one data directory, with the
 * moments and mixes drawn from {@code -Dwarren.crash.seed} (printed; random by default). Broker logs,
 * and the data directory of a failed run, stay in {@code target/crash-recovery/}. Nothing here
 * waits by sleeping or asserts on timing: the kill moment is random on purpose, and the checks only
 * compare what the broker promised (confirms) with what came back.
 */
class CrashRecoveryIT {
    private static final long SEED = Long.getLong("warren.crash.seed", ThreadLocalRandom.current().nextLong());
    private static final int CYCLES = Integer.getInteger("warren.crash.cycles", 10);
    private static final int PUBLISHERS = 4;
    /** A kill planned "after N confirms" happens after this long anyway: a moment, not an assertion. */
    private static final Duration CONFIRM_TRIGGER_CAP = Duration.ofSeconds(10);

    private static final String FANOUT = "crash-fanout";
    private static final List<String> DIRECT_QUEUES = List.of("crash-direct-1", "crash-direct-2", "crash-direct-3");
    private static final List<String> FANOUT_QUEUES = List.of("crash-fanout-a", "crash-fanout-b");
    private static final List<String> DURABLE_QUEUES =
            Stream.concat(DIRECT_QUEUES.stream(), FANOUT_QUEUES.stream()).toList();
    /** crash-fanout-b is never consumed, so a message acked in crash-fanout-a must still be there. */
    private static final List<String> CONSUMABLE = List.of("crash-direct-1", "crash-direct-2", "crash-fanout-a");
    private static final Route FANOUT_ROUTE = new Route(FANOUT, "", FANOUT_QUEUES);
    private static final List<Route> ROUTES = Stream.concat(DIRECT_QUEUES.stream().map(Route::toQueue),
            Stream.of(FANOUT_ROUTE)).toList();

    private final List<BrokerProcess> brokers = new ArrayList<>();
    private final ConcurrentLinkedQueue<Connection> connections = new ConcurrentLinkedQueue<>();

    @AfterEach
    void killEverythingStarted() {
        Connection connection;
        while ((connection = connections.poll()) != null) {
            connection.abort(1_000);
        }
        brokers.forEach(BrokerProcess::close);
        brokers.clear();
    }

    /**
     * Kill -9 in the middle of confirmed publishing (and, in some cycles, of consuming with acks),
     * restart, and find every confirmed message in every durable queue it was routed to; repeated on
     * one data directory so that each recovery also starts from the previous ones' leftovers.
     */
    @Test
    // why: ten cycles start twenty-odd JVMs on a shared 2-core box; the 90 s default is for one broker.
    // The soak script switches timeouts off (junit.jupiter.execution.timeout.mode=disabled).
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everyConfirmedPersistentMessageSurvivesRepeatedSigkillWhilePublishing() throws Exception {
        System.out.printf("CrashRecoveryIT: seed %d, %d cycles (reproduce with -Dwarren.crash.seed=%d"
                + " -Dwarren.crash.cycles=%d)%n", SEED, CYCLES, SEED, CYCLES);
        Path run = runDirectory("sigkill");
        Path data = run.resolve("data");
        Ledger ledger = new Ledger(DURABLE_QUEUES);
        SplittableRandom random = new SplittableRandom(SEED);
        BrokerProcess broker = start(data, run.resolve("broker-00.log"));
        declareTopology(broker);
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            CyclePlan plan = CyclePlan.draw(cycle, random, PUBLISHERS, CONSUMABLE);
            broker = crashAndRecover(plan, broker, ledger, run);
        }
        publishProbeThroughFanoutAndCheck(broker, ledger, run);
        broker.stop();
        deleteRecursively(data);
    }

    /**
     * A clean shutdown (SIGTERM) keeps every confirmed persistent message of a durable queue, in
     * order, minus the acked ones, and the one delivered but unacked comes back redelivered; it drops
     * transient messages, non-durable queues and exchanges with their bindings, and keeps durable
     * exchanges and bindings, but not those deleted before the shutdown.
     */
    @Test
    void cleanShutdownKeepsPersistentMessagesAndDurableTopologyOnly() throws Exception {
        Path run = runDirectory("sigterm");
        Path data = run.resolve("data");
        BrokerProcess broker = start(data, run.resolve("broker-1.log"));
        List<String> expected = new ArrayList<>();
        Connection connection = open(broker, "before-shutdown");
        Channel channel = connection.createChannel();
        channel.queueDeclare("clean-durable", true, false, false, null);
        channel.queueDeclare("clean-transient", false, false, false, null);
        channel.queueDeclare("clean-deleted", true, false, false, null);
        channel.exchangeDeclare("clean-durable-x", BuiltinExchangeType.DIRECT, true, false, null);
        channel.exchangeDeclare("clean-transient-x", BuiltinExchangeType.DIRECT, false, false, null);
        channel.exchangeDeclare("clean-deleted-x", BuiltinExchangeType.DIRECT, true, false, null);
        channel.queueBind("clean-durable", "clean-durable-x", "k");
        channel.queueBind("clean-transient", "clean-durable-x", "k");
        channel.queueBind("clean-durable", "clean-transient-x", "k");
        channel.queueBind("clean-durable", "clean-durable-x", "unbound");
        channel.queueUnbind("clean-durable", "clean-durable-x", "unbound");
        channel.confirmSelect();
        for (int i = 0; i < 300; i++) {
            String body = "m" + i;
            switch (i % 3) {
                case 0 -> channel.basicPublish("", "clean-durable", MessageProperties.PERSISTENT_TEXT_PLAIN,
                        utf8(body));
                case 1 -> channel.basicPublish("", "clean-durable", MessageProperties.TEXT_PLAIN,
                        utf8(body));
                default -> channel.basicPublish("clean-durable-x", "k", MessageProperties.PERSISTENT_TEXT_PLAIN,
                        utf8(body));
            }
            if (i % 3 != 1) {
                expected.add(body);
            }
        }
        channel.basicPublish("", "clean-deleted", MessageProperties.PERSISTENT_TEXT_PLAIN, utf8("deleted"));
        channel.waitForConfirmsOrDie(BrokerProcess.DEADLINE.toMillis());
        channel.queueDelete("clean-deleted");
        channel.exchangeDelete("clean-deleted-x");

        for (int i = 0; i < 30; i++) { // m0..m29 acked: 20 persistent ones gone for good
            GetResponse got = channel.basicGet("clean-durable", false);
            assertNotNull(got, "message " + i + " before the shutdown");
            channel.basicAck(got.getEnvelope().getDeliveryTag(), false);
            expected.remove(text(got.getBody()));
        }
        GetResponse unacked = channel.basicGet("clean-durable", false);
        assertEquals("m30", text(unacked.getBody()), "head of the queue after 30 gets");
        channel.queueDeclarePassive("clean-durable"); // why: a round trip after the acks on the same channel
        int status = broker.stop();
        System.out.println("CrashRecoveryIT: broker exited with status " + status + " after SIGTERM");

        BrokerProcess restarted = start(data, run.resolve("broker-2.log"));
        Connection after = open(restarted, "after-shutdown");
        Channel check = after.createChannel();
        assertEquals(expected.size(), check.queueDeclarePassive("clean-durable").getMessageCount(),
                "ready messages in clean-durable after the restart: the persistent ones not acked");
        List<String> recovered = new ArrayList<>();
        GetResponse got;
        while ((got = check.basicGet("clean-durable", true)) != null) {
            recovered.add(text(got.getBody()));
            assertEquals(Integer.valueOf(2), got.getProps().getDeliveryMode(), "delivery mode after the restart");
            if (recovered.size() == 1) {
                assertTrue(got.getEnvelope().isRedeliver(), "m30 was delivered before the shutdown: redelivered");
            }
        }
        assertEquals(expected, recovered, "persistent messages, in publish order, without the acked ones");

        check.exchangeDeclarePassive("clean-durable-x");
        expectChannelError(AMQP.NOT_FOUND, () -> after.createChannel().queueDeclarePassive("clean-transient"));
        expectChannelError(AMQP.NOT_FOUND, () -> after.createChannel().exchangeDeclarePassive("clean-transient-x"));
        expectChannelError(AMQP.NOT_FOUND, () -> after.createChannel().queueDeclarePassive("clean-deleted"));
        expectChannelError(AMQP.NOT_FOUND, () -> after.createChannel().exchangeDeclarePassive("clean-deleted-x"));

        Channel routing = after.createChannel();
        List<String> returns = new ArrayList<>();
        routing.addReturnListener(r -> returns.add(r.getRoutingKey() + " " + r.getReplyCode()));
        routing.confirmSelect();
        routing.basicPublish("clean-durable-x", "k", true, MessageProperties.PERSISTENT_TEXT_PLAIN, utf8("bound"));
        routing.basicPublish("clean-durable-x", "unbound", true, MessageProperties.PERSISTENT_TEXT_PLAIN,
                utf8("unbound"));
        routing.waitForConfirmsOrDie(BrokerProcess.DEADLINE.toMillis());
        assertEquals(List.of("unbound 312"), returns, "only the binding removed before the shutdown is gone");
        assertEquals(List.of("bound"), Messages.drain(routing, "clean-durable"),
                "the durable binding clean-durable-x -k-> clean-durable still routes");
        restarted.stop();
        deleteRecursively(data);
    }

    private BrokerProcess crashAndRecover(CyclePlan plan, BrokerProcess broker, Ledger ledger, Path run)
            throws Exception {
        String context = context(plan, run);
        System.out.println("CrashRecoveryIT: " + plan);
        List<AckingConsumer> consumers = publishAndKill(plan, broker, ledger, context);
        Path data = run.resolve("data");
        String logName = String.format("broker-%02d", plan.cycle());
        if (plan.crashDuringRecovery() != null) {
            String outcome = BrokerProcess.crashDuringStartup(data, run.resolve(logName + "-interrupted.log"),
                    plan.crashDuringRecovery());
            System.out.println("CrashRecoveryIT: cycle " + plan.cycle() + ": restart interrupted: " + outcome);
        }
        BrokerProcess restarted = start(data, run.resolve(logName + ".log"));
        List<String> problems = new ArrayList<>();
        consumers.forEach(consumer -> problems.addAll(consumer.damaged()));
        List<RecoveryCheck.Report> reports = drainAndCheckAllQueues(restarted, ledger, context, problems);
        reports.forEach(report -> System.out.println(
                "CrashRecoveryIT: cycle " + plan.cycle() + ": " + report.summary()));
        System.out.printf("CrashRecoveryIT: cycle %d: %d published, %d confirmed%n", plan.cycle(),
                ledger.publishedIn(plan.cycle()), ledger.confirmedIn(plan.cycle()));
        return restarted;
    }

    /**
     * Starts the cycle's consumers and publishers, SIGKILLs the broker at the planned moment and
     * waits until every client has seen it die; returns the consumers for their reports.
     */
    private List<AckingConsumer> publishAndKill(CyclePlan plan, BrokerProcess broker, Ledger ledger, String context)
            throws Exception {
        AtomicLong confirms = new AtomicLong();
        CountDownLatch killMoment = new CountDownLatch(1);
        Runnable onConfirm = () -> {
            if (plan.killAfterConfirms() > 0 && confirms.get() >= plan.killAfterConfirms()) {
                killMoment.countDown();
            }
        };
        List<Connection> clients = new ArrayList<>();
        List<AckingConsumer> consumers = startConsumers(plan, broker, ledger, clients);
        List<ConfirmingPublisher> publishers = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(plan.seed());
        for (int p = 1; p <= PUBLISHERS; p++) {
            Connection connection = open(broker, "publisher-" + p);
            clients.add(connection);
            publishers.add(new ConfirmingPublisher(plan.cycle(), p, connection, ROUTES, plan.quotaPerPublisher(),
                    plan.window(), random.nextLong(), ledger, confirms, onConfirm));
        }
        ExecutorService pool = Executors.newFixedThreadPool(PUBLISHERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            publishers.forEach(publisher -> running.add(pool.submit(publisher)));
            // why: the wait is the randomly drawn kill moment itself, not synchronisation
            boolean reached = killMoment.await(plan.killAfterConfirms() > 0
                    ? CONFIRM_TRIGGER_CAP.toMillis() : plan.killAfter().toMillis(), TimeUnit.MILLISECONDS);
            long confirmedAtKill = confirms.get();
            String stall = "";
            if (plan.killAfterConfirms() > 0 && !reached) {
                // why: not a failure (fsync on a shared disk can be that slow), but worth a look
                stall = " (confirm target not reached within " + CONFIRM_TRIGGER_CAP.toSeconds() + " s; "
                        + broker.threadDump(broker.log().resolveSibling(
                                String.format("stall-cycle-%02d-threads.txt", plan.cycle()))) + ")";
            }
            broker.kill();
            awaitClientsNoticeTheCrash(clients, consumers, pool, running, context);
            connections.removeAll(clients);
            System.out.printf("CrashRecoveryIT: cycle %d: killed with %d of %d sent messages confirmed%s; consumer"
                            + " got %d, acked %d%n", plan.cycle(), confirmedAtKill,
                    publishers.stream().mapToInt(ConfirmingPublisher::sent).sum(), stall,
                    consumers.stream().mapToInt(AckingConsumer::deliveries).sum(),
                    consumers.stream().mapToInt(AckingConsumer::acked).sum());
            return consumers;
        } finally {
            pool.shutdownNow();
        }
    }

    private List<AckingConsumer> startConsumers(CyclePlan plan, BrokerProcess broker, Ledger ledger,
                                                List<Connection> clients) throws Exception {
        List<AckingConsumer> consumers = new ArrayList<>();
        if (plan.consumedQueues().isEmpty()) {
            return consumers;
        }
        Connection connection = open(broker, "consumer");
        clients.add(connection);
        for (String queue : plan.consumedQueues()) {
            AckingConsumer consumer = new AckingConsumer(connection.createChannel(), ledger.queue(queue),
                    plan.ackEvery());
            consumer.start(plan.prefetch());
            consumers.add(consumer);
        }
        return consumers;
    }

    /** After the kill: every client connection is down, so no confirm or delivery can still change the ledger. */
    private static void awaitClientsNoticeTheCrash(List<Connection> clients, List<AckingConsumer> consumers,
                                                   ExecutorService pool, List<Future<?>> running, String context)
            throws InterruptedException {
        for (Connection connection : clients) {
            Await.until("client connection " + connection.getClientProvidedName() + " to see the broker die",
                    () -> !connection.isOpen());
        }
        for (AckingConsumer consumer : consumers) {
            assertTrue(consumer.awaitShutdown(BrokerProcess.DEADLINE), "consumer told of the shutdown; " + context);
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(BrokerProcess.DEADLINE.toSeconds(), TimeUnit.SECONDS),
                "publisher threads stop once the broker is gone; " + context);
        for (Future<?> publisher : running) {
            try {
                publisher.get();
            } catch (ExecutionException e) {
                fail("a publisher failed with something other than the broker going away; " + context, e.getCause());
            }
        }
    }

    /**
     * Checks topology and every durable queue on a freshly restarted broker; fails with all problems,
     * the broker log's tail and how to reproduce.
     */
    private List<RecoveryCheck.Report> drainAndCheckAllQueues(BrokerProcess broker, Ledger ledger, String context,
                                                              List<String> problems) throws Exception {
        if (!ledger.nacked().isEmpty()) {
            problems.add("the broker nacked " + ledger.nacked().size() + " publishes, e.g. "
                    + ledger.nacked().iterator().next());
        }
        if (!ledger.returned().isEmpty()) {
            problems.add("the broker returned " + ledger.returned().size() + " mandatory publishes as unroutable"
                    + " (queue or binding lost in a restart?), e.g. " + ledger.returned().iterator().next());
        }
        Connection connection = open(broker, "recovery-check");
        for (String queue : DURABLE_QUEUES) {
            Channel probe = connection.createChannel();
            try {
                probe.queueDeclarePassive(queue);
                probe.close();
            } catch (IOException e) {
                fail("durable queue '" + queue + "' is gone after the restart (" + rootMessage(e) + "); " + context
                        + "\nbroker log " + broker.log() + ":\n" + broker.logTail());
            }
        }
        Channel channel = connection.createChannel();
        try {
            channel.exchangeDeclarePassive(FANOUT);
        } catch (IOException e) {
            fail("durable exchange '" + FANOUT + "' is gone after the restart (" + rootMessage(e) + "); " + context);
        }
        List<RecoveryCheck.Report> reports = new ArrayList<>();
        for (QueueHistory history : ledger.queues()) {
            RecoveryCheck.Report report = RecoveryCheck.drainAndCheck(channel, history, ledger);
            reports.add(report);
            report.violations().forEach(line -> problems.add(history.queue() + ": " + line));
        }
        if (!problems.isEmpty()) {
            for (String queue : DURABLE_QUEUES) {
                problems.add("(after the drain '" + queue + "' reports " + readyCount(channel, queue)
                        + " ready messages; non-zero means messages showed up late, after recovery)");
            }
            reports.forEach(report -> problems.add(report.summary()));
            fail(context + "\n" + String.join("\n", problems) + "\nbroker log " + broker.log() + ":\n"
                    + broker.logTail());
        }
        connection.close();
        connections.remove(connection);
        return reports;
    }

    /** After the last restart: the fanout's bindings still route (a mandatory publish is not returned). */
    private void publishProbeThroughFanoutAndCheck(BrokerProcess broker, Ledger ledger, Path run) throws Exception {
        Connection connection = open(broker, "final-probe");
        Channel channel = connection.createChannel();
        channel.confirmSelect();
        channel.addReturnListener(r -> ledger.returned(TracedMessage.parse(r.getBody())));
        MessageId probe = new MessageId(CYCLES + 1, 0, 1);
        ledger.publishing(probe, FANOUT_ROUTE);
        channel.basicPublish(FANOUT, "", true, TracedMessage.persistentProperties(probe),
                TracedMessage.body(probe, new SplittableRandom(SEED)));
        channel.waitForConfirmsOrDie(BrokerProcess.DEADLINE.toMillis());
        ledger.confirmed(probe);
        drainAndCheckAllQueues(broker, ledger, "final fanout probe after cycle " + CYCLES + " (seed " + SEED
                + "), logs in " + run, new ArrayList<>());
    }

    private void declareTopology(BrokerProcess broker) throws Exception {
        Connection connection = open(broker, "topology");
        Channel channel = connection.createChannel();
        for (String queue : DURABLE_QUEUES) {
            channel.queueDeclare(queue, true, false, false, null);
        }
        channel.exchangeDeclare(FANOUT, BuiltinExchangeType.FANOUT, true, false, null);
        for (String queue : FANOUT_QUEUES) {
            channel.queueBind(queue, FANOUT, "");
        }
        connection.close();
        connections.remove(connection);
    }

    private BrokerProcess start(Path data, Path log) throws IOException {
        BrokerProcess broker = BrokerProcess.start(data, log);
        brokers.add(broker);
        return broker;
    }

    private Connection open(BrokerProcess broker, String name) throws Exception {
        Connection connection = broker.connectionFactory().newConnection(name);
        connections.add(connection);
        return connection;
    }

    private static String context(CyclePlan plan, Path run) {
        return "cycle " + plan.cycle() + " of " + CYCLES + " (seed " + SEED + "; reproduce with -Dwarren.crash.seed="
                + SEED + " -Dwarren.crash.cycles=" + plan.cycle() + "); " + plan + "; logs and data in " + run;
    }

    private static String readyCount(Channel channel, String queue) {
        try {
            return Long.toString(channel.messageCount(queue));
        } catch (IOException | RuntimeException e) {
            return "? (" + e + ")";
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    /** target/crash-recovery/NAME-SEED, emptied first. */
    private static Path runDirectory(String name) throws IOException {
        Path dir = Path.of(System.getProperty("basedir", "."), "target", "crash-recovery", name + "-" + SEED);
        deleteRecursively(dir);
        return Files.createDirectories(dir);
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
