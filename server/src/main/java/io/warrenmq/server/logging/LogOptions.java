package io.warrenmq.server.logging;

import java.util.Locale;

/**
 * Where the broker process logs and at which levels: RabbitMQ's {@code log.console},
 * {@code log.console.level}, {@code log.file}, {@code log.file.level} and
 * {@code log.file.rotation.date|size|count|compress}. Only {@code Main} applies them
 * ({@link LogSetup}, over Logback); a program that embeds the broker as a library configures its own
 * SLF4J backend and these are ignored.
 *
 * @param console whether lines go to standard output; null: on unless a file is configured (as
 *     RabbitMQ: "if some outputs are configured, they will be used")
 * @param consoleLevel RabbitMQ's level name (debug, info, notice, warning, error, critical, alert,
 *     emergency, none)
 * @param file the log file, relative to the working directory; null: none
 * @param rotationDate RabbitMQ's newsyslog-style spec ({@code $D0} daily, {@code $W0D23} weekly,
 *     {@code $M1D0} monthly); null: not by date
 * @param rotationSize rotate when the file passes this many bytes; 0: not by size
 * @param rotationCount rotated files kept
 * @param rotationCompress gzip the rotated files
 */
public record LogOptions(Boolean console, String consoleLevel, String file, String fileLevel, String rotationDate,
        long rotationSize, int rotationCount, boolean rotationCompress) {
    /** Rotated files kept when rotation is on and {@code log.file.rotation.count} is not set. */
    public static final int DEFAULT_ROTATION_COUNT = 5;
    public static final LogOptions DEFAULTS = new LogOptions(null, "info", null, "info", null, 0,
            DEFAULT_ROTATION_COUNT, false);

    public LogOptions {
        level(consoleLevel);
        level(fileLevel);
        if (rotationDate != null) {
            RotationPeriod.parse(rotationDate);
        }
        if (rotationSize < 0 || rotationCount < 0) {
            throw new IllegalArgumentException("log.file.rotation.size and .count must not be negative");
        }
    }

    /** Whether the console gets lines: as set, or by default when no file is configured. */
    public boolean consoleOn() {
        return console != null ? console : file == null;
    }

    public LogOptions withConsole(boolean on) {
        return new LogOptions(on, consoleLevel, file, fileLevel, rotationDate, rotationSize, rotationCount,
                rotationCompress);
    }

    public LogOptions withConsoleLevel(String level) {
        return new LogOptions(console, level, file, fileLevel, rotationDate, rotationSize, rotationCount,
                rotationCompress);
    }

    /** {@code false} (RabbitMQ's way to turn the file off) or a path. */
    public LogOptions withFile(String path) {
        String f = path.equals("false") ? null : path;
        return new LogOptions(console, consoleLevel, f, fileLevel, rotationDate, rotationSize, rotationCount,
                rotationCompress);
    }

    public LogOptions withFileLevel(String level) {
        return new LogOptions(console, consoleLevel, file, level, rotationDate, rotationSize, rotationCount,
                rotationCompress);
    }

    public LogOptions withRotationDate(String spec) {
        return new LogOptions(console, consoleLevel, file, fileLevel, spec.isEmpty() ? null : spec, rotationSize,
                rotationCount, rotationCompress);
    }

    public LogOptions withRotationSize(long bytes) {
        return new LogOptions(console, consoleLevel, file, fileLevel, rotationDate, bytes, rotationCount,
                rotationCompress);
    }

    public LogOptions withRotationCount(int count) {
        return new LogOptions(console, consoleLevel, file, fileLevel, rotationDate, rotationSize, count,
                rotationCompress);
    }

    public LogOptions withRotationCompress(boolean compress) {
        return new LogOptions(console, consoleLevel, file, fileLevel, rotationDate, rotationSize, rotationCount,
                compress);
    }

    /** RabbitMQ's level names, as SLF4J's: notice is info; critical, alert and emergency are error. */
    public static String level(String rabbitLevel) {
        return switch (rabbitLevel.toLowerCase(Locale.ROOT)) {
            case "debug" -> "DEBUG";
            case "info", "notice" -> "INFO";
            case "warning", "warn" -> "WARN";
            case "error", "critical", "alert", "emergency" -> "ERROR";
            case "none" -> "OFF";
            default -> throw new IllegalArgumentException("'" + rabbitLevel + "' is not a log level (debug, info, "
                    + "notice, warning, error, critical, alert, emergency, none)");
        };
    }
}
