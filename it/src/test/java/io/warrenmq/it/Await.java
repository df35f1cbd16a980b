package io.warrenmq.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.function.ThrowingSupplier;

/**
 * Waits for a condition with a deadline, polling with a short back-off.
 *
 * <p>The tests never sleep to synchronise and never assert how fast something happened: the build
 * machine is a noisy shared box, so deadlines are generous and only bound how long a broken broker
 * can stall the run. Thread-safety: stateless.
 */
public final class Await {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private Await() {
    }

    /** Waits until {@code condition} holds; exceptions from the condition count as "not yet". */
    public static void until(String description, ThrowingSupplier<Boolean> condition) {
        until(description, DEFAULT_TIMEOUT, condition);
    }

    public static void until(String description, Duration timeout, ThrowingSupplier<Boolean> condition) {
        result(description, timeout, condition, Boolean.TRUE::equals);
    }

    /** Polls {@code supplier} until {@code accept} holds for its value, and returns that value. */
    public static <T> T result(String description, ThrowingSupplier<T> supplier, Predicate<? super T> accept) {
        return result(description, DEFAULT_TIMEOUT, supplier, accept);
    }

    public static <T> T result(String description, Duration timeout, ThrowingSupplier<T> supplier,
                               Predicate<? super T> accept) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseNanos = TimeUnit.MILLISECONDS.toNanos(1);
        T last = null;
        Throwable lastError = null;
        while (true) {
            try {
                last = supplier.get();
                lastError = null;
                if (accept.test(last)) {
                    return last;
                }
            } catch (Throwable t) {
                lastError = t;
            }
            if (System.nanoTime() - deadline > 0) {
                String message = "timed out after " + timeout.toSeconds() + " s waiting for: " + description
                        + (lastError != null ? " (last attempt threw " + lastError + ")" : " (last value: " + last + ")");
                return fail(message, lastError);
            }
            LockSupport.parkNanos(pauseNanos);
            pauseNanos = Math.min(pauseNanos * 2, TimeUnit.MILLISECONDS.toNanos(50));
        }
    }
}
