package io.warrenmq.it.crash;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The seeded choices of one kill/restart cycle: how much each publisher sends and how many
 * publishes it keeps unconfirmed, when the broker is killed (after a number of confirms, or a
 * number of milliseconds after publishing starts), which queues a consumer drains meanwhile and how
 * it acks, and whether the restarted broker is killed once more while it recovers.
 * Thread-safety: immutable.
 *
 * @param killAfterConfirms   kill once this many messages were confirmed in the cycle; 0 to use
 *                            {@code killAfter} instead
 * @param killAfter           delay from the start of publishing to the kill, when not by confirms
 * @param consumedQueues      durable queues a consumer acks from while publishing (may be empty)
 * @param crashDuringRecovery delay after relaunch at which the recovering broker is killed again,
 *                            or null for a single crash
 */
public record CyclePlan(int cycle, long seed, int quotaPerPublisher, int window, int killAfterConfirms,
                        Duration killAfter, List<String> consumedQueues, int prefetch, int ackEvery,
                        Duration crashDuringRecovery) {

    /** Draws the plan of {@code cycle} from {@code random} (the test's seeded generator). */
    public static CyclePlan draw(int cycle, SplittableRandom random, int publishers, List<String> consumable) {
        long seed = random.nextLong();
        int quota = 300 + random.nextInt(701);
        int window = 16 + random.nextInt(241);
        int killAfterConfirms = random.nextBoolean() ? 1 + random.nextInt(Math.min(3000, quota * publishers)) : 0;
        Duration killAfter = Duration.ofMillis(50 + random.nextInt(551));
        List<String> consumed = new ArrayList<>();
        if (random.nextBoolean()) {
            for (String queue : consumable) {
                if (random.nextInt(5) < 2) {
                    consumed.add(queue);
                }
            }
            if (consumed.isEmpty()) {
                consumed.add(consumable.get(random.nextInt(consumable.size())));
            }
        }
        int prefetch = 1 + random.nextInt(200);
        int ackEvery = 1 + random.nextInt(8);
        Duration recoveryCrash = random.nextInt(4) == 0 ? Duration.ofMillis(100 + random.nextInt(1901)) : null;
        return new CyclePlan(cycle, seed, quota, window, killAfterConfirms, killAfter, List.copyOf(consumed),
                prefetch, ackEvery, recoveryCrash);
    }

    @Override
    public String toString() {
        return "cycle " + cycle + ": " + quotaPerPublisher + " messages per publisher, window " + window
                + ", kill " + (killAfterConfirms > 0 ? "after " + killAfterConfirms + " confirms"
                        : killAfter.toMillis() + " ms after publishing starts")
                + (consumedQueues.isEmpty() ? ", no consumer"
                        : ", consumer on " + consumedQueues + " (prefetch " + prefetch + ", ack every "
                                + ackEvery + ")")
                + (crashDuringRecovery != null
                        ? ", then kill again " + crashDuringRecovery.toMillis() + " ms into the restart" : "");
    }
}
