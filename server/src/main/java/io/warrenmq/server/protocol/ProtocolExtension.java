package io.warrenmq.server.protocol;

import io.netty.channel.ChannelPipeline;

/**
 * Another protocol on the AMQP port, chosen by the 8-octet header the client sends first (AMQP
 * 1.0's SASL and plain headers, as RabbitMQ 4.x does on 5672). Found with
 * {@link java.util.ServiceLoader} unless registered with {@code Broker.protocols}; without one,
 * such a header is answered with 0-9-1's, as before.
 *
 * <p>why an SPI: {@code server} must not depend on the modules that speak other protocols; they
 * depend on it, and reach the broker through {@link ProtocolHost} and its public classes.
 *
 * <p>Thread-safety: {@link #accepts} and {@link #install} are called on the connection's event loop,
 * for every connection; the implementation must be thread-safe (usually stateless).
 */
public interface ProtocolExtension {
    /** Whether this extension speaks the protocol the 8 header octets ask for. */
    boolean accepts(byte[] header);

    /**
     * Adds this protocol's handlers to {@code pipeline} (the 0-9-1 handlers are already gone); bytes
     * that followed the header reach them next. The connection's own handlers must answer the header.
     */
    void install(ChannelPipeline pipeline, byte[] header, ProtocolHost host);
}
