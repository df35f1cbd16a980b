package io.warrenmq.server.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.warrenmq.codec.AlternateProtocol;
import java.util.List;

/**
 * Hands a connection whose header asks for another protocol to the extension that speaks it,
 * removing the 0-9-1 handlers behind the header handler first.
 *
 * <p>Thread-safety: immutable; called on each connection's loop.
 */
public final class ProtocolSwitch implements AlternateProtocol {
    private final List<ProtocolExtension> extensions;
    private final ProtocolHost host;
    private final List<String> handlersToRemove;

    public ProtocolSwitch(List<ProtocolExtension> extensions, ProtocolHost host, List<String> handlersToRemove) {
        this.extensions = List.copyOf(extensions);
        this.host = host;
        this.handlersToRemove = List.copyOf(handlersToRemove);
    }

    @Override
    public boolean takeOver(ChannelHandlerContext ctx, byte[] header) {
        for (ProtocolExtension e : extensions) {
            if (e.accepts(header)) {
                ChannelPipeline p = ctx.pipeline();
                for (String name : handlersToRemove) {
                    if (p.get(name) != null) {
                        p.remove(name);
                    }
                }
                e.install(p, header, host);
                return true;
            }
        }
        return false;
    }
}
