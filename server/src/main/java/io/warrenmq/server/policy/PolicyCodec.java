package io.warrenmq.server.policy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.types.FieldTable;
import java.nio.charset.StandardCharsets;

/**
 * A vhost's policies as bytes, for the per-vhost parameter block of the definitions file
 * (docs/storage-format.md): a count, then per policy: operator flag, name, pattern, apply-to,
 * priority, and the definition as an AMQP field table. Read back through {@link Policy#of}, so a
 * stored policy is validated again.
 *
 * <p>Stateless.
 */
public final class PolicyCodec {
    private PolicyCodec() {
    }

    public static byte[] encode(VhostPolicies policies) {
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeInt(policies.all().size());
            for (Policy p : policies.all()) {
                buf.writeBoolean(p.operator());
                string(buf, p.name());
                string(buf, p.pattern());
                string(buf, p.applyTo().wireName());
                buf.writeInt(p.priority());
                FieldTable.of(p.definition()).write(buf);
            }
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** @throws PolicyException if the bytes are damaged or a stored policy no longer validates */
    public static VhostPolicies decode(byte[] bytes, int offset, int length) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes, offset, length);
        try {
            int n = buf.readInt();
            if (n < 0 || n > length) {
                throw new PolicyException("damaged policy block");
            }
            VhostPolicies out = VhostPolicies.NONE;
            for (int i = 0; i < n; i++) {
                boolean operator = buf.readBoolean();
                String name = string(buf);
                String pattern = string(buf);
                String applyTo = string(buf);
                int priority = buf.readInt();
                FieldTable definition = FieldTable.read(buf);
                out = out.with(Policy.of(name, pattern, applyTo, priority, definition.asMap(), operator));
            }
            return out;
        } catch (IndexOutOfBoundsException | AmqpException e) {
            throw new PolicyException("damaged policy block: " + e.getMessage());
        } finally {
            buf.release();
        }
    }

    private static void string(ByteBuf buf, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        buf.writeInt(b.length).writeBytes(b);
    }

    private static String string(ByteBuf buf) {
        int len = buf.readInt();
        if (len < 0 || len > buf.readableBytes()) {
            throw new PolicyException("damaged policy block");
        }
        byte[] b = new byte[len];
        buf.readBytes(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
