package com.example.orders;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;

/**
 * The code under test: publishes each order to the "orders" topic exchange, persistent and
 * confirmed, and tells its caller whether the broker took it.
 */
public final class OrderPublisher implements AutoCloseable {
    public static final String EXCHANGE = "orders";

    private final Channel channel;

    public OrderPublisher(Connection connection) throws IOException {
        this.channel = connection.createChannel();
        channel.exchangeDeclare(EXCHANGE, "topic", true);
        channel.confirmSelect();
    }

    /** True when the broker confirmed the order, false when it refused it (basic.nack). */
    public boolean publish(Order order) throws IOException, InterruptedException, TimeoutException {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .contentType("application/json").deliveryMode(2).messageId(order.id()).build();
        channel.basicPublish(EXCHANGE, order.routingKey(), props, order.json().getBytes(StandardCharsets.UTF_8));
        return channel.waitForConfirms(5_000);
    }

    @Override
    public void close() throws IOException, TimeoutException {
        channel.close();
    }
}
