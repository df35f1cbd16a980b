package io.warrenmq.server.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RabbitMQ's {@code log.file.rotation.date}, newsyslog's syntax: {@code $D<hour>} every day,
 * {@code $W<weekday>[D<hour>]} every week, {@code $M<day>[D<hour>]} every month. Logback rolls at
 * the start of each period (midnight, the week's first day, the month's first day), so the hour and
 * day given are not honoured: a file rotated "$D23" rolls at midnight. docs/operating.md says so.
 */
public enum RotationPeriod {
    DAILY("yyyy-MM-dd"), WEEKLY("yyyy-'W'ww"), MONTHLY("yyyy-MM");

    private static final Pattern SPEC = Pattern.compile("\\$(?:D(\\d{1,2})|W([0-6])(?:D(\\d{1,2}))?|M(\\d{1,2})"
            + "(?:D(\\d{1,2}))?)");

    private final String datePattern;

    RotationPeriod(String datePattern) {
        this.datePattern = datePattern;
    }

    /** The date pattern Logback's time-based rolling names rotated files with. */
    public String datePattern() {
        return datePattern;
    }

    public static RotationPeriod parse(String spec) {
        Matcher m = SPEC.matcher(spec);
        if (!m.matches()) {
            throw new IllegalArgumentException("log.file.rotation.date must be $D<hour>, $W<weekday>[D<hour>] or "
                    + "$M<day>[D<hour>] (newsyslog's syntax, as RabbitMQ), got '" + spec + "'");
        }
        if (m.group(1) != null) {
            return DAILY;
        }
        return m.group(2) != null ? WEEKLY : MONTHLY;
    }
}
