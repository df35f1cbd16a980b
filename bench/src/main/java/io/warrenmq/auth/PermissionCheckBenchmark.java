package io.warrenmq.auth;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the permission checks add to each published message: {@code basic.publish} calls
 * {@link PermissionChecker#check} (write on the exchange) and {@link PermissionChecker#checkTopic}.
 *
 * <ul>
 *   <li>{@code publishSameExchange}: the publisher's usual case, the same exchange every time (the
 *       one-entry cache answers; no regex);
 *   <li>{@code publishAlternatingExchanges}: two exchanges in turn, so every check misses the cache
 *       and runs the regex (the worst case for a publisher);
 *   <li>{@code topicCheckWithoutTopicPermissions}: the topic check when no topic permission exists
 *       (RabbitMQ's default);
 *   <li>{@code baseline}: the loop and field reads alone.
 * </ul>
 *
 * <p>The user has permissions {@code ^app\..*} for write (a regex, not the {@code .*} shortcut).
 * Thread-safety: one instance per benchmark thread, as a connection's checker is confined to its loop.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PermissionCheckBenchmark {
    private PermissionChecker checker;
    private final String[] exchanges = {"app.orders", "app.invoices"};
    private int next;

    @Setup
    public void setup() {
        UserDatabase db = new UserDatabase();
        db.putUser(User.withPassword("u", "p", List.of()));
        db.setPermissions("u", "/", Permissions.of("^app\\..*", "^app\\..*", "^app\\..*"));
        checker = new PermissionChecker(db, "u", "/", null);
    }

    @Benchmark
    public int baseline() {
        return exchanges[(next++) & 1].length();
    }

    @Benchmark
    public int publishSameExchange() {
        checker.check(ResourceKind.EXCHANGE, exchanges[0], Access.WRITE);
        return next++;
    }

    @Benchmark
    public int publishAlternatingExchanges() {
        checker.check(ResourceKind.EXCHANGE, exchanges[(next++) & 1], Access.WRITE);
        return next;
    }

    @Benchmark
    public int topicCheckWithoutTopicPermissions() {
        checker.checkTopic(exchanges[0], "order.created", Access.WRITE);
        return next++;
    }
}
