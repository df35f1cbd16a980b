package io.warrenmq.codec.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.types.BasicProperties;
import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.codec.types.MethodReader;
import java.util.Arrays;

/**
 * Jazzer target: any octets as a field table (and as a property list, whose headers are one). Reading may
 * only give a table or an {@link AmqpException}; a table that was read must write again, and what it
 * writes must read back to the same octets when written once more (the encoding settles after one round:
 * the broker re-sends tables it read, in queue arguments, x-death and the management API).
 *
 * <p>Regression inputs: {@code src/test/resources/io/warrenmq/codec/fuzz/FieldTableFuzzTestInputs/}.
 */
public class FieldTableFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void tablesReadWriteAndSettle(byte[] input) {
        fuzzerTestOneInput(input);
    }

    /** Also the entry point of the Jazzer command line (bench/scripts/fuzz-long.sh). */
    public static void fuzzerTestOneInput(byte[] input) {
        FieldTable table;
        try {
            table = new MethodReader(Unpooled.wrappedBuffer(input)).table();
        } catch (AmqpException e) {
            table = null;
        }
        if (table != null) {
            byte[] once = write(table);
            byte[] twice = write(FieldTable.read(Unpooled.wrappedBuffer(once)));
            if (!Arrays.equals(once, twice)) {
                throw new IllegalStateException("a table's encoding did not settle: " + table);
            }
        }
        BasicProperties properties;
        try {
            properties = BasicProperties.read(Unpooled.wrappedBuffer(input));
        } catch (AmqpException e) {
            return; // refused as it should be
        }
        byte[] once = write(properties);
        byte[] twice = write(BasicProperties.read(Unpooled.wrappedBuffer(once)));
        if (!Arrays.equals(once, twice)) {
            throw new IllegalStateException("a property list's encoding did not settle: " + properties);
        }
    }

    private static byte[] write(FieldTable table) {
        ByteBuf out = Unpooled.buffer();
        table.write(out);
        return ByteBufUtil.getBytes(out);
    }

    private static byte[] write(BasicProperties properties) {
        ByteBuf out = Unpooled.buffer();
        properties.write(out);
        return ByteBufUtil.getBytes(out);
    }
}
