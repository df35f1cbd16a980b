package io.warrenmq.amqp10.broker;

import io.warrenmq.amqp10.selector.Selector;
import io.warrenmq.amqp10.selector.SelectorException;
import io.warrenmq.codec.types.BasicProperties;
import io.warrenmq.codec.types.FieldTable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a JMS subscriber's filter costs per delivery on the bridge (the subscriber's loop): a
 * selector evaluated over a message's 0-9-1 properties (six application properties, as qpid-jms
 * publishes them), alternately matching and not; the same as a queue runs it for a queue consumer
 * (properties decoded from their stored form first); the parse, paid once per attach; and no-local's
 * stamp on an AMQP 1.0 publish to an exchange, with no no-local subscriber (off: what every
 * publish pays) and with one (on).
 *
 * <p>Thread-safety: one instance per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SelectorBenchmark {
    static final String TYPICAL = "colour = 'blue' AND size > 3";
    static final String COMPLEX = "(JMSPriority > 5 OR region IN ('eu', 'us', 'ap')) AND name LIKE 'ord%' "
            + "AND amount BETWEEN 10 AND 100 AND NOT (status = 'cancelled')";

    private Selector typical;
    private Selector complex;
    private final JmsMessageView view = new JmsMessageView();
    private BasicProperties[] messages;
    private int next;
    private io.netty.buffer.ByteBuf[] encoded;
    private final Origins quiet = new Origins();
    private final Origins listening = new Origins();

    @Setup
    public void setUp() throws SelectorException {
        typical = Selector.parse(TYPICAL);
        complex = Selector.parse(COMPLEX);
        messages = new BasicProperties[] {message("blue", 5, "eu", "order-1", 50.0), message("red", 2, "sa", "x", 5.0)};
        listening.subscribed();
        encoded = new io.netty.buffer.ByteBuf[messages.length];
        for (int i = 0; i < messages.length; i++) {
            encoded[i] = io.netty.buffer.Unpooled.buffer();
            messages[i].write(encoded[i]);
        }
    }

    private static BasicProperties message(String colour, int size, String region, String name, double amount) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("x-opt-jms-msg-type", (byte) 5);
        h.put("colour", colour);
        h.put("size", size);
        h.put("region", region);
        h.put("name", name);
        h.put("amount", amount);
        h.put("status", "open");
        return new BasicProperties("text/plain", null, FieldTable.of(h), 2, 4, null, null, null,
                "ID:6b1f0c52-4a5e-4f0e-9d9e-1e2f3a4b5c6d:1:1:1-1", Instant.ofEpochSecond(1_700_000_000), null, null,
                null, null);
    }

    private BasicProperties nextMessage() {
        return messages[next++ & 1];
    }

    @Benchmark
    public boolean typicalSelector() {
        return typical.matches(view.of(nextMessage()));
    }

    @Benchmark
    public boolean complexSelector() {
        return complex.matches(view.of(nextMessage()));
    }

    /**
     * A queue consumer's selector as the queue runs it (QueueSelector): the message's properties
     * decoded from their stored form, a fresh view, the typical selector. Paid per message the
     * queue offers a filtered consumer.
     */
    @Benchmark
    public boolean queueFilterTypical() {
        BasicProperties p = BasicProperties.read(encoded[next++ & 1].duplicate());
        return typical.matches(new JmsMessageView().of(p));
    }

    @Benchmark
    public Selector parseTypical() throws SelectorException {
        return Selector.parse(TYPICAL);
    }

    @Benchmark
    public BasicProperties stampOff() {
        return quiet.stamp(nextMessage(), "origin-id");
    }

    @Benchmark
    public BasicProperties stampOn() {
        return listening.stamp(nextMessage(), "origin-id");
    }
}
