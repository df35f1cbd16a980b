package io.warrenmq.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.warrenmq.server.Broker;
import io.warrenmq.server.BrokerConfig;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * The broker's CPU per message over AMQP 1.0 (qpid-jms: async unsettled sends, auto-ack consumer,
 * prefetch 1000) against 0-9-1 (the Java client: confirms, a consumer with prefetch 1000 and acks),
 * on one in-memory queue in one JVM. Only the broker's threads are counted ({@code amqp-io-*},
 * {@code amqp-direct-*}, {@code amqp-accept-*}), from the JVM's per-thread CPU times, so the
 * clients' own work is left out.
 *
 * <p>Usage: {@code java -cp <bench classpath> io.warrenmq.bench.Amqp10CostProbe [messages] [rounds] [size]}.
 * Never run by the build.
 */
public final class Amqp10CostProbe {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Amqp10CostProbe() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        Broker broker = new Broker(BrokerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(null)).start();
        try {
            ConnectionFactory f = new ConnectionFactory();
            f.setPort(broker.port());
            try (com.rabbitmq.client.Connection c = f.newConnection(); Channel ch = c.createChannel()) {
                ch.queueDeclare("probe", false, false, false, null);
            }
            byte[] body = new byte[size];
            for (int r = 0; r < rounds; r++) {
                double amqp091 = measure(() -> run091(f, messages, body), messages);
                double amqp10 = measure(() -> run10(broker.port(), messages, body), messages);
                System.out.printf("round %d: broker CPU per message 0-9-1 %.2f µs, AMQP 1.0 %.2f µs, ratio %.2f%n",
                        r, amqp091, amqp10, amqp10 / amqp091);
            }
        } finally {
            broker.close();
        }
    }

    interface Run {
        void run() throws Exception;
    }

    private static double measure(Run run, int messages) throws Exception {
        long before = brokerCpuNanos();
        run.run();
        return (brokerCpuNanos() - before) / 1000.0 / messages;
    }

    private static long brokerCpuNanos() {
        long total = 0;
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("amqp-")) {
                long cpu = THREADS.getThreadCpuTime(t.getThreadId());
                if (cpu > 0) {
                    total += cpu;
                }
            }
        }
        return total;
    }

    private static void run091(ConnectionFactory f, int messages, byte[] body) throws Exception {
        try (com.rabbitmq.client.Connection c = f.newConnection()) {
            Channel consumer = c.createChannel();
            consumer.basicQos(1000);
            CountDownLatch done = new CountDownLatch(messages);
            consumer.basicConsume("probe", false, new DefaultConsumer(consumer) {
                private int n;

                @Override
                public void handleDelivery(String tag, Envelope e, com.rabbitmq.client.AMQP.BasicProperties p,
                        byte[] b) throws java.io.IOException {
                    if (++n % 100 == 0 || done.getCount() == 1) {
                        consumer.basicAck(e.getDeliveryTag(), true);
                    }
                    done.countDown();
                }
            });
            Channel publisher = c.createChannel();
            publisher.confirmSelect();
            for (int i = 0; i < messages; i++) {
                publisher.basicPublish("", "probe", null, body);
                if (i % 1000 == 999) {
                    publisher.waitForConfirmsOrDie(30_000);
                }
            }
            publisher.waitForConfirmsOrDie(30_000);
            if (!done.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("0-9-1 consumer got only " + (messages - done.getCount()));
            }
        }
    }

    private static void run10(int port, int messages, byte[] body) throws Exception {
        JmsConnectionFactory f = new JmsConnectionFactory("guest", "guest", "amqp://127.0.0.1:" + port
                + "?jms.prefetchPolicy.all=1000");
        try (jakarta.jms.Connection c = f.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue("probe"));
            CountDownLatch done = new CountDownLatch(messages);
            consumer.setMessageListener(m -> done.countDown());
            Session ps = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = ps.createProducer(ps.createQueue("probe"));
            p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            for (int i = 0; i < messages; i++) {
                jakarta.jms.BytesMessage m = ps.createBytesMessage();
                m.writeBytes(body);
                p.send(m);
            }
            if (!done.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("JMS consumer got only " + (messages - done.getCount()));
            }
        }
    }
}
