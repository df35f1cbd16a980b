/**
 * Exchange routing for Warren: pure Java routing over binding tables, one {@link io.warrenmq.exchange.Router}
 * per exchange, matching RabbitMQ's {@code direct}, {@code fanout}, {@code topic} and {@code headers} types.
 *
 * <p>Thread-safety, for every router here: {@code route} is lock-free and may run on any number of threads
 * while one thread at a time mutates (mutations are serialized by the router's own lock). A route sees each
 * binding in either its old or its new state, never a torn structure.
 */
package io.warrenmq.exchange;
