package io.warrenmq.server.vhost;

import io.warrenmq.server.policy.PolicyCodec;
import io.warrenmq.server.policy.VhostPolicies;
import java.nio.ByteBuffer;

/**
 * The per-vhost parameter block of the definitions file (docs/storage-format.md): the vhost's
 * limits and its policies. Version 1 held the limits only; version 2 adds the policies after them.
 *
 * <p>Immutable.
 */
record VhostParameters(VhostLimits limits, VhostPolicies policies) {
    static final VhostParameters NONE = new VhostParameters(VhostLimits.NONE, VhostPolicies.NONE);

    byte[] encode() {
        byte[] p = PolicyCodec.encode(policies);
        return ByteBuffer.allocate(9 + p.length).put((byte) 2).putInt(limits.maxConnections()).putInt(limits.maxQueues())
                .put(p).array();
    }

    /**
     * An empty block (a vhost stored before limits existed) means none; version 1 has limits only.
     *
     * @throws io.warrenmq.server.policy.PolicyException for a damaged policy part
     */
    static VhostParameters decode(byte[] bytes) {
        if (bytes == null || bytes.length < 9) {
            return NONE;
        }
        if (bytes[0] == 1) {
            return new VhostParameters(VhostLimits.decode(bytes), VhostPolicies.NONE);
        }
        if (bytes[0] != 2) {
            return NONE;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.get();
        VhostLimits limits = new VhostLimits(b.getInt(), b.getInt());
        return new VhostParameters(limits, PolicyCodec.decode(bytes, 9, bytes.length - 9));
    }
}
