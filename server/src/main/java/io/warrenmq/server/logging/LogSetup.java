package io.warrenmq.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link LogOptions} to Logback, the broker process's SLF4J backend: a console appender and
 * a file appender (rolling by date, size or both), each with its own level, every line as
 * {@value #PATTERN}. Replaces whatever configuration Logback had, so it is called first with the
 * defaults (before the config file is read, so those warnings are formatted too) and again with the
 * file's settings.
 *
 * <p>why Logback: RabbitMQ's log keys need two outputs with their own levels and file rotation,
 * which slf4j-simple does not have; Logback is the well-kept backend that does, configured here in
 * code so that the jar ships no logback.xml that would reconfigure a program embedding the broker.
 *
 * <p>Thread-safety: called from {@code Main}'s thread at start-up, before the broker starts.
 */
public final class LogSetup {
    /** ISO-8601 with offset, thread, level, logger: the same fields on every line. */
    public static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} [%thread] %level %logger - %msg%n";

    /** How often at most the file's size is looked at, for size-based rotation. */
    static final long SIZE_CHECK_MILLIS = 250;

    private LogSetup() {
    }

    public static void apply(LogOptions options) {
        apply(options, SIZE_CHECK_MILLIS);
    }

    /** With Logback's size check gated at {@code sizeCheckMillis} (tests: 0, every write looks). */
    static void apply(LogOptions options, long sizeCheckMillis) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level lowest = Level.OFF;
        if (options.consoleOn()) {
            Level level = Level.toLevel(LogOptions.level(options.consoleLevel()));
            if (level != Level.OFF) {
                ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
                console.setName("console");
                start(context, console, level);
                root.addAppender(console);
                lowest = lower(lowest, level);
            }
        }
        if (options.file() != null) {
            Level level = Level.toLevel(LogOptions.level(options.fileLevel()));
            if (level != Level.OFF) {
                FileAppender<ILoggingEvent> file = fileAppender(context, options, sizeCheckMillis);
                start(context, file, level);
                root.addAppender(file);
                lowest = lower(lowest, level);
            }
        }
        root.setLevel(lowest);
    }

    private static Level lower(Level a, Level b) {
        return a.toInt() <= b.toInt() ? a : b;
    }

    private static void start(LoggerContext context, ch.qos.logback.core.OutputStreamAppender<ILoggingEvent> appender,
            Level level) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ThresholdFilter threshold = new ThresholdFilter();
        threshold.setLevel(level.levelStr);
        threshold.start();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.addFilter(threshold);
        appender.start();
    }

    private static FileAppender<ILoggingEvent> fileAppender(LoggerContext context, LogOptions o,
            long sizeCheckMillis) {
        String file = o.file();
        String gz = o.rotationCompress() ? ".gz" : "";
        if (o.rotationDate() == null && o.rotationSize() == 0) {
            FileAppender<ILoggingEvent> plain = new FileAppender<>();
            plain.setName("file");
            plain.setFile(file);
            return plain;
        }
        RollingFileAppender<ILoggingEvent> rolling = new RollingFileAppender<>();
        rolling.setName("file");
        rolling.setContext(context);
        rolling.setFile(file);
        if (o.rotationDate() == null) {
            FixedWindowRollingPolicy window = new FixedWindowRollingPolicy();
            window.setContext(context);
            window.setParent(rolling);
            window.setFileNamePattern(file + ".%i" + gz);
            window.setMinIndex(1);
            window.setMaxIndex(Math.max(1, o.rotationCount()));
            window.start();
            SizeBasedTriggeringPolicy<ILoggingEvent> size = new SizeBasedTriggeringPolicy<>();
            size.setContext(context);
            size.setMaxFileSize(new FileSize(o.rotationSize()));
            // Logback looks at the file's size at most this often (its default is once a minute)
            size.setCheckIncrement(ch.qos.logback.core.util.Duration.buildByMilliseconds(sizeCheckMillis));
            size.start();
            rolling.setRollingPolicy(window);
            rolling.setTriggeringPolicy(size);
            return rolling;
        }
        String date = "%d{" + RotationPeriod.parse(o.rotationDate()).datePattern() + "}";
        if (o.rotationSize() > 0) {
            SizeAndTimeBasedRollingPolicy<ILoggingEvent> both = new SizeAndTimeBasedRollingPolicy<>();
            both.setContext(context);
            both.setParent(rolling);
            both.setFileNamePattern(file + "." + date + ".%i" + gz);
            both.setMaxFileSize(new FileSize(o.rotationSize()));
            both.setMaxHistory(o.rotationCount());
            both.start();
            rolling.setRollingPolicy(both);
            return rolling;
        }
        TimeBasedRollingPolicy<ILoggingEvent> time = new TimeBasedRollingPolicy<>();
        time.setContext(context);
        time.setParent(rolling);
        time.setFileNamePattern(file + "." + date + gz);
        time.setMaxHistory(o.rotationCount());
        time.start();
        rolling.setRollingPolicy(time);
        return rolling;
    }
}
