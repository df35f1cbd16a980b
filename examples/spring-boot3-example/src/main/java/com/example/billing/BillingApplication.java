package com.example.billing;

import org.springframework.amqp.core.Queue;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A billing service: invoices arrive on the "invoices" queue, receipts leave on "receipts". */
@SpringBootApplication
public class BillingApplication {
    public static void main(String[] args) {
        SpringApplication.run(BillingApplication.class, args);
    }

    @Bean
    Queue invoices() {
        return new Queue("invoices");
    }

    @Bean
    Queue receipts() {
        return new Queue("receipts");
    }
}
