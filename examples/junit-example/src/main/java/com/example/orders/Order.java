package com.example.orders;

/** An order as the shop publishes it. */
public record Order(String id, String region, long cents) {
    String routingKey() {
        return "order.created." + region;
    }

    String json() {
        return "{\"id\":\"" + id + "\",\"region\":\"" + region + "\",\"cents\":" + cents + "}";
    }
}
