package com.example.billing;

import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/** The code under test: bills each invoice and sends a receipt. */
@Component
public class InvoiceListener {
    private final RabbitTemplate template;

    public InvoiceListener(RabbitTemplate template) {
        this.template = template;
    }

    @RabbitListener(queues = "invoices")
    public void bill(String invoice) {
        template.convertAndSend("receipts", "paid: " + invoice);
    }
}
