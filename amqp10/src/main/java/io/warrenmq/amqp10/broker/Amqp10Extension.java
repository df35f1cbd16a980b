package io.warrenmq.amqp10.broker;

import io.netty.channel.ChannelPipeline;
import io.warrenmq.amqp10.frame.FrameDecoder;
import io.warrenmq.server.protocol.ProtocolExtension;
import io.warrenmq.server.protocol.ProtocolHost;

/**
 * AMQP 1.0 on the AMQP port: takes connections whose header is {@code AMQP 3 1 0 0} (SASL) or
 * {@code AMQP 0 1 0 0} (no SASL, allowed only with an anonymous user), as RabbitMQ 4.x does.
 * Registered through {@code META-INF/services}, or with {@code Broker.protocols} for other options.
 *
 * <p>Thread-safety: immutable.
 */
public final class Amqp10Extension implements ProtocolExtension {
    static final byte[] SASL_HEADER = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};
    static final byte[] AMQP_HEADER = {'A', 'M', 'Q', 'P', 0, 1, 0, 0};

    private final Amqp10Options options;
    private final Origins origins = new Origins();
    private final ContainerIds containerIds = new ContainerIds();

    /** For the ServiceLoader: the defaults (no ANONYMOUS). */
    public Amqp10Extension() {
        this(Amqp10Options.DEFAULTS);
    }

    public Amqp10Extension(Amqp10Options options) {
        this.options = options;
    }

    @Override
    public boolean accepts(byte[] header) {
        return java.util.Arrays.equals(header, SASL_HEADER) || java.util.Arrays.equals(header, AMQP_HEADER);
    }

    @Override
    public void install(ChannelPipeline pipeline, byte[] header, ProtocolHost host) {
        FrameDecoder decoder = new FrameDecoder();
        pipeline.addLast("amqp10Frames", decoder)
                .addLast("amqp10", new Amqp10Connection(options, host, decoder, header[4] == 3, origins,
                        containerIds));
    }
}
