package io.warrenmq.auth;

/** What a permission is checked on; the word appears in RabbitMQ's refusal texts. */
public enum ResourceKind {
    QUEUE("queue"), EXCHANGE("exchange"), TOPIC("topic");

    private final String word;

    ResourceKind(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
