import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Consumes PerfTest's messages and prints, per message rather than per second, where the
 * latency tail comes from: each "episode" of messages later than 1 ms, with the time they were
 * published and arrived on CLOCK_MONOTONIC, so they can be matched against
 * {@code perf sched record -k CLOCK_MONOTONIC}.
 *
 * <p>why a separate consumer: PerfTest only reports per-second percentiles. Its body starts with
 * an int sequence and a long {@code System.nanoTime()} (CLOCK_MONOTONIC on Linux, so comparable
 * across processes on one host).
 *
 * <p>Not part of the build; run with the source launcher and PerfTest's jars (docs/benchmarks.md):
 * <pre>
 * PerfTest -h amqp://guest:guest@localhost:5682 -x 1 -y 0 -s 16 -r 10000 -e bench.direct -u bench.lat -z 25 &amp;
 * java -cp "$HOME/.cache/perftest/2.22.1/lib/*" bench/tools/LatencyProbe.java 5682 bench.lat 20
 * </pre>
 */
public class LatencyProbe {
    private static final long EPISODE_NANOS = 1_000_000;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String queue = args[1];
        int seconds = Integer.parseInt(args[2]);
        int capacity = 20_000 * (seconds + 5);
        long[] arrived = new long[capacity];
        long[] latency = new long[capacity];
        int[] count = {0};

        ConnectionFactory factory = new ConnectionFactory();
        factory.setPort(port);
        try (Connection connection = factory.newConnection()) {
            Channel channel = connection.createChannel();
            channel.basicConsume(queue, true, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                    long now = System.nanoTime();
                    int i = count[0];
                    if (i < capacity && body.length >= 12) {
                        arrived[i] = now;
                        latency[i] = now - ByteBuffer.wrap(body, 4, 8).getLong();
                        count[0] = i + 1;
                    }
                }
            });
            Thread.sleep(seconds * 1000L);
        }
        int n = count[0];
        if (n == 0) {
            System.out.println("no messages");
            return;
        }
        perSecond(arrived, latency, n);
        episodes(arrived, latency, n);
    }

    private static void perSecond(long[] arrived, long[] latency, int n) {
        int from = 0;
        for (int second = 0; from < n; second++) {
            long end = arrived[0] + (second + 1) * 1_000_000_000L;
            int to = from;
            while (to < n && arrived[to] < end) {
                to++;
            }
            long[] window = Arrays.copyOfRange(latency, from, to);
            Arrays.sort(window);
            if (window.length > 0) {
                System.out.printf("second %d: n=%d p50=%d p99=%d max=%d us%n", second, window.length,
                        window[window.length / 2] / 1000, window[window.length * 99 / 100] / 1000,
                        window[window.length - 1] / 1000);
            }
            from = to;
        }
    }

    /** Runs of consecutive messages later than 1 ms, after the first 5 s (the queue's start-up backlog). */
    private static void episodes(long[] arrived, long[] latency, int n) {
        long start = arrived[0] + 5_000_000_000L;
        for (int i = 1; i < n; ) {
            if (arrived[i] < start || latency[i] <= EPISODE_NANOS) {
                i++;
                continue;
            }
            int j = i;
            long max = 0;
            while (j < n && latency[j] > EPISODE_NANOS / 2) {
                max = Math.max(max, latency[j]);
                j++;
            }
            System.out.printf("episode: published %.6f arrived %.6f (CLOCK_MONOTONIC s), %d messages, max %d us, "
                            + "arrivals spread over %d us, %d us since the previous arrival%n",
                    (arrived[i] - latency[i]) / 1e9, arrived[i] / 1e9, j - i, max / 1000,
                    (arrived[j - 1] - arrived[i]) / 1000, (arrived[i] - arrived[i - 1]) / 1000);
            i = j;
        }
    }
}
