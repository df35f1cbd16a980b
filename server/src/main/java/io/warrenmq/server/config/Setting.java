package io.warrenmq.server.config;

/**
 * One {@code key = value} of the configuration and where it was written: a file and its line
 * ({@code line} from 1), or the command line ({@code line} 0), so that a warning or an error can
 * point at it.
 */
public record Setting(String key, String value, int line, String source) {
    public static final String COMMAND_LINE = "command line";

    public static Setting commandLine(String key, String value) {
        return new Setting(key, value, 0, COMMAND_LINE);
    }

    public boolean fromFile() {
        return line > 0;
    }

    /** "rabbitmq.conf line 12", or "command line". */
    public String where() {
        return fromFile() ? source + " line " + line : source;
    }
}
