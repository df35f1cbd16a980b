package io.warrenmq.codec.method;

import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.codec.types.FieldValues;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** One instance of every AMQP method with non-default field values (bits alternate to catch packing bugs). */
public final class MethodSamples {
    private MethodSamples() {
    }

    static final FieldTable ARGS = FieldTable.of(Map.of("x-message-ttl", 60_000))
            .with("x-dead-letter-exchange", "dlx")
            .with("nested", FieldTable.of(Map.of("flag", true)))
            .with("list", List.of(1, "two", 3L))
            .with("decimal", new BigDecimal("12.34"))
            .with("unsigned", new FieldValues.UnsignedInt(4_000_000_000L));

    public static List<Method> all() {
        byte[] secret = "\0guest\0guest".getBytes(StandardCharsets.UTF_8);
        return List.of(
                new ConnectionMethod.Start(0, 9, ARGS, "PLAIN AMQPLAIN", "en_US"),
                new ConnectionMethod.StartOk(FieldTable.of(Map.of("product", "test")), "PLAIN", secret, "en_US"),
                new ConnectionMethod.Secure(new byte[] {1, 2, 3, (byte) 0xff}),
                new ConnectionMethod.SecureOk(new byte[] {4, 5, 0}),
                new ConnectionMethod.Tune(2047, 131_072L, 60),
                new ConnectionMethod.TuneOk(65_535, 4_294_967_295L, 0),
                new ConnectionMethod.Open("/vhost", "", true),
                new ConnectionMethod.OpenOk("known"),
                new ConnectionMethod.Close(320, "CONNECTION_FORCED - bye", 60, 40),
                ConnectionMethod.CloseOk.INSTANCE,
                new ConnectionMethod.Blocked("low on memory"),
                ConnectionMethod.Unblocked.INSTANCE,
                new ConnectionMethod.UpdateSecret("token".getBytes(StandardCharsets.UTF_8), "refresh"),
                ConnectionMethod.UpdateSecretOk.INSTANCE,
                new ChannelMethod.Open(""),
                new ChannelMethod.OpenOk("channel-id"),
                new ChannelMethod.Flow(true),
                new ChannelMethod.FlowOk(false),
                new ChannelMethod.Close(404, "NOT_FOUND - no queue 'q' in vhost '/'", 50, 10),
                ChannelMethod.CloseOk.INSTANCE,
                new AccessMethod.Request("/data", true, false, true, false, true),
                AccessMethod.RequestOk.INSTANCE,
                new ExchangeMethod.Declare("logs", "topic", false, true, false, true, false, ARGS),
                ExchangeMethod.DeclareOk.INSTANCE,
                new ExchangeMethod.Delete("logs", true, false),
                ExchangeMethod.DeleteOk.INSTANCE,
                new ExchangeMethod.Bind("dest", "src", "a.*.b", true, ARGS),
                ExchangeMethod.BindOk.INSTANCE,
                new ExchangeMethod.Unbind("dest", "src", "a.#", false, FieldTable.EMPTY),
                ExchangeMethod.UnbindOk.INSTANCE,
                new QueueMethod.Declare("queue-ü", true, false, true, false, true, ARGS),
                new QueueMethod.DeclareOk("amq.gen-abc", 4_294_967_295L, 7),
                new QueueMethod.Bind("q", "amq.topic", "stock.#", false, ARGS),
                QueueMethod.BindOk.INSTANCE,
                new QueueMethod.Purge("q", true),
                new QueueMethod.PurgeOk(12),
                new QueueMethod.Delete("q", true, false, true),
                new QueueMethod.DeleteOk(3),
                new QueueMethod.Unbind("q", "amq.direct", "key", ARGS),
                QueueMethod.UnbindOk.INSTANCE,
                new BasicMethod.Qos(0, 250, true),
                BasicMethod.QosOk.INSTANCE,
                new BasicMethod.Consume("q", "ctag", false, true, false, true, ARGS),
                new BasicMethod.ConsumeOk("amq.ctag-1"),
                new BasicMethod.Cancel("ctag", true),
                new BasicMethod.CancelOk("ctag"),
                new BasicMethod.Publish("amq.direct", "rk", true, false),
                new BasicMethod.Return(312, "NO_ROUTE", "ex", "rk"),
                new BasicMethod.Deliver("ctag", Long.MAX_VALUE, true, "ex", "rk"),
                new BasicMethod.Get("q", true),
                new BasicMethod.GetOk(-1L, false, "ex", "rk", 4_294_967_295L),
                new BasicMethod.GetEmpty(""),
                new BasicMethod.Ack(42, true),
                new BasicMethod.Reject(43, false),
                new BasicMethod.RecoverAsync(true),
                new BasicMethod.Recover(false),
                BasicMethod.RecoverOk.INSTANCE,
                new BasicMethod.Nack(44, false, true),
                TxMethod.Select.INSTANCE,
                TxMethod.SelectOk.INSTANCE,
                TxMethod.Commit.INSTANCE,
                TxMethod.CommitOk.INSTANCE,
                TxMethod.Rollback.INSTANCE,
                TxMethod.RollbackOk.INSTANCE,
                new ConfirmMethod.Select(true),
                ConfirmMethod.SelectOk.INSTANCE);
    }
}
