package io.warrenmq.codec.method;

import io.netty.buffer.ByteBuf;
import io.warrenmq.codec.AmqpException;
import io.warrenmq.codec.ReplyCode;
import io.warrenmq.codec.types.MethodReader;

/**
 * Decodes a method payload with one dispatch on {@code (classId << 16) | methodId}.
 *
 * <p>Unknown ids are {@code NOT_IMPLEMENTED} (540). // why 540: RabbitMQ's generated
 * {@code rabbit_framing_amqp_0_9_1:lookup_method_name/1} exits with {@code {unknown_method_id, Id}},
 * which is not an {@code #amqp_error{}}, so RabbitMQ drops the socket without a reply code at all; the
 * spec's "not-implemented" is the closest clean hard error (command-invalid is about sequencing).
 * Malformed fields and trailing octets are {@code SYNTAX_ERROR} (502); RabbitMQ reports those as
 * {@code FRAME_ERROR "cannot decode ..."} (rabbit_misc:frame_error/2), the team chose 502 as the spec's
 * "illegal values for one or more fields". Either way the connection closes.
 *
 * <p>Thread-safety: stateless.
 */
public final class Methods {
    private Methods() {
    }

    /**
     * Reads the fields of method {@code classId.methodId} from {@code payload} (positioned after the two
     * ids); the whole readable region must be consumed.
     *
     * @throws AmqpException NOT_IMPLEMENTED for unknown ids, SYNTAX_ERROR for malformed fields; both carry
     *     the class and method id
     */
    public static Method read(int classId, int methodId, ByteBuf payload) {
        return read(classId, methodId, new MethodReader(payload));
    }

    /** The same, from a reader already pointed at the payload; the reader must reach its end. */
    public static Method read(int classId, int methodId, MethodReader r) {
        Method m;
        try {
            m = dispatch(classId, methodId, r);
            // spec 4.2.4: the payload is exactly the method's fields; RabbitMQ rejects leftovers too
            r.expectEnd();
        } catch (AmqpException e) {
            throw e.withMethod(classId, methodId);
        }
        return m;
    }

    private static Method dispatch(int classId, int methodId, MethodReader r) {
        return switch ((classId << 16) | methodId) {
            case (10 << 16) | 10 -> ConnectionMethod.Start.read(r);
            case (10 << 16) | 11 -> ConnectionMethod.StartOk.read(r);
            case (10 << 16) | 20 -> ConnectionMethod.Secure.read(r);
            case (10 << 16) | 21 -> ConnectionMethod.SecureOk.read(r);
            case (10 << 16) | 30 -> ConnectionMethod.Tune.read(r);
            case (10 << 16) | 31 -> ConnectionMethod.TuneOk.read(r);
            case (10 << 16) | 40 -> ConnectionMethod.Open.read(r);
            case (10 << 16) | 41 -> ConnectionMethod.OpenOk.read(r);
            case (10 << 16) | 50 -> ConnectionMethod.Close.read(r);
            case (10 << 16) | 51 -> ConnectionMethod.CloseOk.read(r);
            case (10 << 16) | 60 -> ConnectionMethod.Blocked.read(r);
            case (10 << 16) | 61 -> ConnectionMethod.Unblocked.read(r);
            case (10 << 16) | 70 -> ConnectionMethod.UpdateSecret.read(r);
            case (10 << 16) | 71 -> ConnectionMethod.UpdateSecretOk.read(r);
            case (20 << 16) | 10 -> ChannelMethod.Open.read(r);
            case (20 << 16) | 11 -> ChannelMethod.OpenOk.read(r);
            case (20 << 16) | 20 -> ChannelMethod.Flow.read(r);
            case (20 << 16) | 21 -> ChannelMethod.FlowOk.read(r);
            case (20 << 16) | 40 -> ChannelMethod.Close.read(r);
            case (20 << 16) | 41 -> ChannelMethod.CloseOk.read(r);
            case (30 << 16) | 10 -> AccessMethod.Request.read(r);
            case (30 << 16) | 11 -> AccessMethod.RequestOk.read(r);
            case (40 << 16) | 10 -> ExchangeMethod.Declare.read(r);
            case (40 << 16) | 11 -> ExchangeMethod.DeclareOk.read(r);
            case (40 << 16) | 20 -> ExchangeMethod.Delete.read(r);
            case (40 << 16) | 21 -> ExchangeMethod.DeleteOk.read(r);
            case (40 << 16) | 30 -> ExchangeMethod.Bind.read(r);
            case (40 << 16) | 31 -> ExchangeMethod.BindOk.read(r);
            case (40 << 16) | 40 -> ExchangeMethod.Unbind.read(r);
            case (40 << 16) | 51 -> ExchangeMethod.UnbindOk.read(r);
            case (50 << 16) | 10 -> QueueMethod.Declare.read(r);
            case (50 << 16) | 11 -> QueueMethod.DeclareOk.read(r);
            case (50 << 16) | 20 -> QueueMethod.Bind.read(r);
            case (50 << 16) | 21 -> QueueMethod.BindOk.read(r);
            case (50 << 16) | 30 -> QueueMethod.Purge.read(r);
            case (50 << 16) | 31 -> QueueMethod.PurgeOk.read(r);
            case (50 << 16) | 40 -> QueueMethod.Delete.read(r);
            case (50 << 16) | 41 -> QueueMethod.DeleteOk.read(r);
            case (50 << 16) | 50 -> QueueMethod.Unbind.read(r);
            case (50 << 16) | 51 -> QueueMethod.UnbindOk.read(r);
            case (60 << 16) | 10 -> BasicMethod.Qos.read(r);
            case (60 << 16) | 11 -> BasicMethod.QosOk.read(r);
            case (60 << 16) | 20 -> BasicMethod.Consume.read(r);
            case (60 << 16) | 21 -> BasicMethod.ConsumeOk.read(r);
            case (60 << 16) | 30 -> BasicMethod.Cancel.read(r);
            case (60 << 16) | 31 -> BasicMethod.CancelOk.read(r);
            case (60 << 16) | 40 -> BasicMethod.Publish.read(r);
            case (60 << 16) | 50 -> BasicMethod.Return.read(r);
            case (60 << 16) | 60 -> BasicMethod.Deliver.read(r);
            case (60 << 16) | 70 -> BasicMethod.Get.read(r);
            case (60 << 16) | 71 -> BasicMethod.GetOk.read(r);
            case (60 << 16) | 72 -> BasicMethod.GetEmpty.read(r);
            case (60 << 16) | 80 -> BasicMethod.Ack.read(r);
            case (60 << 16) | 90 -> BasicMethod.Reject.read(r);
            case (60 << 16) | 100 -> BasicMethod.RecoverAsync.read(r);
            case (60 << 16) | 110 -> BasicMethod.Recover.read(r);
            case (60 << 16) | 111 -> BasicMethod.RecoverOk.read(r);
            case (60 << 16) | 120 -> BasicMethod.Nack.read(r);
            case (90 << 16) | 10 -> TxMethod.Select.read(r);
            case (90 << 16) | 11 -> TxMethod.SelectOk.read(r);
            case (90 << 16) | 20 -> TxMethod.Commit.read(r);
            case (90 << 16) | 21 -> TxMethod.CommitOk.read(r);
            case (90 << 16) | 30 -> TxMethod.Rollback.read(r);
            case (90 << 16) | 31 -> TxMethod.RollbackOk.read(r);
            case (85 << 16) | 10 -> ConfirmMethod.Select.read(r);
            case (85 << 16) | 11 -> ConfirmMethod.SelectOk.read(r);
            default -> throw AmqpException.of(ReplyCode.NOT_IMPLEMENTED, "unknown method class %d method %d",
                    classId, methodId);
        };
    }
}
