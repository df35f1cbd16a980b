package io.warrenmq.codec.method;

import io.warrenmq.codec.types.MethodReader;
import io.warrenmq.codec.types.MethodWriter;

/**
 * Methods of AMQP class {@code tx} (class id 90).
 * Standard (local) transactions for publishes and acknowledgements.
 *
 * <p>One record per method, components in spec field order; deprecated {@code ticket} fields are
 * omitted (skipped on read, written as a reserved short). Spec: amqp0-9-1.xml class "tx";
 * field types per 4.2.5; ids per amqp-rabbitmq-0.9.1.json.
 *
 * <p>Thread-safety: immutable records.
 */
public sealed interface TxMethod extends Method
        permits TxMethod.Select, TxMethod.SelectOk, TxMethod.Commit, TxMethod.CommitOk, TxMethod.Rollback,
                TxMethod.RollbackOk {
    int CLASS_ID = 90;

    @Override
    default int classId() {
        return CLASS_ID;
    }

    /** {@code tx.select} (synchronous request). */
    record Select() implements TxMethod {
        public static final int METHOD_ID = 10;
        public static final Select INSTANCE = new Select();

        static Select read(MethodReader r) {
            return INSTANCE;
        }

        @Override
        public void write(MethodWriter w) {
            // no fields
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "tx.select"; }
    }

    /** {@code tx.select-ok}. */
    record SelectOk() implements TxMethod {
        public static final int METHOD_ID = 11;
        public static final SelectOk INSTANCE = new SelectOk();

        static SelectOk read(MethodReader r) {
            return INSTANCE;
        }

        @Override
        public void write(MethodWriter w) {
            // no fields
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "tx.select-ok"; }
    }

    /** {@code tx.commit} (synchronous request). */
    record Commit() implements TxMethod {
        public static final int METHOD_ID = 20;
        public static final Commit INSTANCE = new Commit();

        static Commit read(MethodReader r) {
            return INSTANCE;
        }

        @Override
        public void write(MethodWriter w) {
            // no fields
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "tx.commit"; }
    }

    /** {@code tx.commit-ok}. */
    record CommitOk() implements TxMethod {
        public static final int METHOD_ID = 21;
        public static final CommitOk INSTANCE = new CommitOk();

        static CommitOk read(MethodReader r) {
            return INSTANCE;
        }

        @Override
        public void write(MethodWriter w) {
            // no fields
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "tx.commit-ok"; }
    }

    /** {@code tx.rollback} (synchronous request). */
    record Rollback() implements TxMethod {
        public static final int METHOD_ID = 30;
        public static final Rollback INSTANCE = new Rollback();

        static Rollback read(MethodReader r) {
            return INSTANCE;
        }

        @Override
        public void write(MethodWriter w) {
            // no fields
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "tx.rollback"; }
    }

    /** {@code tx.rollback-ok}. */
    record RollbackOk() implements TxMethod {
        public static final int METHOD_ID = 31;
        public static final RollbackOk INSTANCE = new RollbackOk();

        static RollbackOk read(MethodReader r) {
            return INSTANCE;
        }

        @Override
        public void write(MethodWriter w) {
            // no fields
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "tx.rollback-ok"; }
    }
}
