package io.warrenmq.server.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Byte amounts as rabbitmq.conf writes them (rabbit_resource_monitor_misc:parse_information_unit). */
class InformationUnitTest {
    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({
            "0, 0",
            "50000000, 50000000",
            "50MB, 50000000",
            "50mb, 50000000",
            "1GB, 1000000000",
            "1Gb, 1000000000",
            "10kB, 10000",
            "10KB, 10000",
            "1k, 1024",
            "1K, 1024",
            "1KiB, 1024",
            "1kib, 1024",
            "3M, 3145728",
            "3MiB, 3145728",
            "2G, 2147483648",
            "2GiB, 2147483648",
            "2GIB, 2147483648",
            "1024MiB, 1073741824"})
    void decimalUnitsArePowersOfTenAndBinaryUnitsPowersOfTwo(String text, long bytes) {
        assertEquals(bytes, InformationUnit.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MB", "1.5GB", "-1", "+5", "10 MB", " 10MB", "1TB", "5x", "1e9", "9223372036854775808",
            "9999999999G"})
    void anythingElseIsRejected(String text) {
        assertThrows(IllegalArgumentException.class, () -> InformationUnit.parse(text));
    }
}
