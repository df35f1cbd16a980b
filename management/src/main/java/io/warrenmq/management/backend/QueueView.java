package io.warrenmq.management.backend;

import java.util.Map;

/**
 * One queue as the API and the metrics see it: a snapshot read off the queue's published figures
 * (never its loop-owned state). Field meanings are RabbitMQ's ({@code rabbit_mgmt_format}).
 * The topology adapter fills it; more fields may be added (this is a record: add at the end).
 *
 * @param arguments the declare arguments with their JSON types (strings, numbers, booleans, tables)
 * @param exclusiveOwner the owning connection's name for an exclusive queue, else null
 * @param state "running" (RabbitMQ also has "idle", "flow", "down")
 * @param policy the applied policy's name, or null
 * @param operatorPolicy the applied operator policy's name, or null
 * @param effectivePolicyDefinition the merged definition in force, {} when none
 * @param headMessageTimestamp the head message's timestamp property (seconds), or null
 * @param memory an estimate of the bytes the queue holds in memory
 */
public record QueueView(String vhost, String name, String type, boolean durable, boolean autoDelete,
        boolean exclusive, Map<String, Object> arguments, String exclusiveOwner,
        long messagesReady, long messagesUnacknowledged, long messageBytesReady, long messageBytesUnacknowledged,
        long messagesPersistent, long messageBytesPersistent, int consumers, String state, String policy,
        String operatorPolicy, Map<String, Object> effectivePolicyDefinition, Long headMessageTimestamp,
        long memory) {

    public long messages() {
        return messagesReady + messagesUnacknowledged;
    }

    public long messageBytes() {
        return messageBytesReady + messageBytesUnacknowledged;
    }
}
