package io.warrenmq.server.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** RabbitMQ's log.* keys applied to Logback: levels per output, the file, rotation by size and date. */
class LogSetupTest {
    private static final Logger log = LoggerFactory.getLogger(LogSetupTest.class);

    @TempDir
    Path dir;

    @AfterEach
    void restoreTheTestConfiguration() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void theFileGetsItsLevelAndEveryLineHasTimestampThreadAndLevel() throws Exception {
        Path file = dir.resolve("warren.log");
        LogSetup.apply(LogOptions.DEFAULTS.withFile(file.toString()).withFileLevel("warning").withConsole(false));
        log.info("an info line");
        log.warn("a warning line");
        log.error("an error line");
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) "
                + "\\[[^]]+] WARN io\\.warrenmq\\.server\\.logging\\.LogSetupTest - a warning line"), lines.get(0));
        assertTrue(lines.get(1).contains(" ERROR "), lines.get(1));
    }

    @Test
    void debugOnTheFileAndNoneOnTheConsole() throws Exception {
        Path file = dir.resolve("debug.log");
        LogSetup.apply(LogOptions.DEFAULTS.withFile(file.toString()).withFileLevel("debug").withConsole(true)
                .withConsoleLevel("none"));
        log.debug("a debug line");
        assertTrue(Files.readString(file).contains("DEBUG io.warrenmq.server.logging.LogSetupTest - a debug line"));
    }

    @Test
    void aFileAloneTurnsTheConsoleOffAsInRabbitMq() {
        assertTrue(LogOptions.DEFAULTS.consoleOn());
        assertFalse(LogOptions.DEFAULTS.withFile("x.log").consoleOn());
        assertTrue(LogOptions.DEFAULTS.withFile("x.log").withConsole(true).consoleOn());
        assertTrue(LogOptions.DEFAULTS.withFile("x.log").withFile("false").consoleOn(), "log.file = false: no file");
    }

    @Test
    void rotationBySizeKeepsCountFiles() throws Exception {
        Path file = dir.resolve("rolling.log");
        // the size looked at on every write (the broker's own gate is SIZE_CHECK_MILLIS)
        LogSetup.apply(LogOptions.DEFAULTS.withConsole(false).withFile(file.toString()).withRotationSize(2048)
                .withRotationCount(2), 0);
        String line = "x".repeat(200);
        for (int i = 0; i < 200; i++) { // about 55 KB: some 25 rotations of a 2 KB file
            log.info(line);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("rolling.log", "rolling.log.1", "rolling.log.2"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "count = 2 rotated files kept");
        }
        assertTrue(Files.size(dir.resolve("rolling.log.1")) >= 2048, "a rotated file reached the size");
    }

    @Test
    void rotationByDateNamesFilesByThePeriod() throws Exception {
        Path file = dir.resolve("dated.log");
        LogSetup.apply(LogOptions.DEFAULTS.withConsole(false).withFile(file.toString()).withRotationDate("$D0")
                .withRotationCompress(true));
        log.info("written to the live file");
        assertTrue(Files.readString(file).contains("written to the live file"));
        assertEquals(RotationPeriod.DAILY, RotationPeriod.parse("$D23"));
        assertEquals(RotationPeriod.WEEKLY, RotationPeriod.parse("$W0D23"));
        assertEquals(RotationPeriod.MONTHLY, RotationPeriod.parse("$M1D0"));
        assertThrows(IllegalArgumentException.class, () -> RotationPeriod.parse("daily"));
    }

    @Test
    void rabbitMqLevelNames() {
        assertEquals("INFO", LogOptions.level("notice"));
        assertEquals("WARN", LogOptions.level("warning"));
        assertEquals("ERROR", LogOptions.level("critical"));
        assertEquals("OFF", LogOptions.level("none"));
        assertThrows(IllegalArgumentException.class, () -> LogOptions.DEFAULTS.withFileLevel("loud"));
    }
}
