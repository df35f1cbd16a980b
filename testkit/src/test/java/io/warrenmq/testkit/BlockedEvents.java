package io.warrenmq.testkit;

import com.rabbitmq.client.BlockedListener;
import com.rabbitmq.client.Connection;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/** The connection.blocked ("blocked: REASON") and connection.unblocked ("unblocked") a client hears, in order. */
final class BlockedEvents {
    private BlockedEvents() {
    }

    static BlockingQueue<String> of(Connection connection) {
        BlockingQueue<String> events = new ArrayBlockingQueue<>(10);
        connection.addBlockedListener(new BlockedListener() {
            @Override
            public void handleBlocked(String reason) {
                events.add("blocked: " + reason);
            }

            @Override
            public void handleUnblocked() {
                events.add("unblocked");
            }
        });
        return events;
    }
}
