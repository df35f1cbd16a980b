package io.warrenmq.codec.method;

import io.warrenmq.codec.types.FieldTable;
import io.warrenmq.codec.types.MethodReader;
import io.warrenmq.codec.types.MethodWriter;
import java.util.Arrays;
import java.util.Objects;

/**
 * Methods of AMQP class {@code connection} (class id 10).
 * Connection negotiation, tuning, authentication and shutdown on channel 0.
 *
 * <p>One record per method, components in spec field order; deprecated {@code ticket} fields are
 * omitted (skipped on read, written as a reserved short). Spec: amqp0-9-1.xml class "connection";
 * field types per 4.2.5; ids per amqp-rabbitmq-0.9.1.json.
 *
 * <p>Thread-safety: immutable records.
 */
public sealed interface ConnectionMethod extends Method
        permits ConnectionMethod.Start, ConnectionMethod.StartOk, ConnectionMethod.Secure, ConnectionMethod.SecureOk,
                ConnectionMethod.Tune, ConnectionMethod.TuneOk, ConnectionMethod.Open, ConnectionMethod.OpenOk,
                ConnectionMethod.Close, ConnectionMethod.CloseOk, ConnectionMethod.Blocked,
                ConnectionMethod.Unblocked, ConnectionMethod.UpdateSecret, ConnectionMethod.UpdateSecretOk {
    int CLASS_ID = 10;

    @Override
    default int classId() {
        return CLASS_ID;
    }

    /** {@code connection.start} (synchronous request). */
    record Start(int versionMajor, int versionMinor, FieldTable serverProperties,
            String mechanisms, String locales) implements ConnectionMethod {
        public static final int METHOD_ID = 10;

        static Start read(MethodReader r) {
            return new Start(r.octet(), r.octet(), r.table(), r.longStringUtf8(), r.longStringUtf8());
        }

        @Override
        public void write(MethodWriter w) {
            w.octet(versionMajor);
            w.octet(versionMinor);
            w.table(serverProperties);
            w.longString(mechanisms);
            w.longString(locales);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "connection.start"; }
    }

    /** {@code connection.start-ok}. */
    record StartOk(FieldTable clientProperties, String mechanism, byte[] response,
            String locale) implements ConnectionMethod {
        public static final int METHOD_ID = 11;

        static StartOk read(MethodReader r) {
            return new StartOk(r.table(), r.shortString(), r.longString(), r.shortString());
        }

        @Override
        public void write(MethodWriter w) {
            w.table(clientProperties);
            w.shortString(mechanism);
            w.longString(response);
            w.shortString(locale);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "connection.start-ok"; }

        // why: records compare arrays by identity; compare the secret bytes by value instead
        @Override
        public boolean equals(Object o) {
            return o instanceof StartOk other
                    && Objects.equals(clientProperties, other.clientProperties)
                    && Objects.equals(mechanism, other.mechanism)
                    && Arrays.equals(response, other.response)
                    && Objects.equals(locale, other.locale);
        }

        @Override
        public int hashCode() {
            int h = Objects.hashCode(clientProperties);
            h = 31 * h + Objects.hashCode(mechanism);
            h = 31 * h + Arrays.hashCode(response);
            h = 31 * h + Objects.hashCode(locale);
            return h;
        }

        @Override
        public String toString() {
            return "StartOk[" + "clientProperties=" + clientProperties
                    + ", " + "mechanism=" + mechanism
                    + ", " + "response=<" + (response == null ? 0 : response.length) + " octets>"
                    + ", " + "locale=" + locale
                    + "]";
        }
    }

    /** {@code connection.secure} (synchronous request). */
    record Secure(byte[] challenge) implements ConnectionMethod {
        public static final int METHOD_ID = 20;

        static Secure read(MethodReader r) {
            return new Secure(r.longString());
        }

        @Override
        public void write(MethodWriter w) {
            w.longString(challenge);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "connection.secure"; }

        // why: records compare arrays by identity; compare the secret bytes by value instead
        @Override
        public boolean equals(Object o) {
            return o instanceof Secure other
                    && Arrays.equals(challenge, other.challenge);
        }

        @Override
        public int hashCode() {
            int h = Arrays.hashCode(challenge);
            return h;
        }

        @Override
        public String toString() {
            return "Secure[" + "challenge=<" + (challenge == null ? 0 : challenge.length) + " octets>"
                    + "]";
        }
    }

    /** {@code connection.secure-ok}. */
    record SecureOk(byte[] response) implements ConnectionMethod {
        public static final int METHOD_ID = 21;

        static SecureOk read(MethodReader r) {
            return new SecureOk(r.longString());
        }

        @Override
        public void write(MethodWriter w) {
            w.longString(response);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "connection.secure-ok"; }

        // why: records compare arrays by identity; compare the secret bytes by value instead
        @Override
        public boolean equals(Object o) {
            return o instanceof SecureOk other
                    && Arrays.equals(response, other.response);
        }

        @Override
        public int hashCode() {
            int h = Arrays.hashCode(response);
            return h;
        }

        @Override
        public String toString() {
            return "SecureOk[" + "response=<" + (response == null ? 0 : response.length) + " octets>"
                    + "]";
        }
    }

    /** {@code connection.tune} (synchronous request). */
    record Tune(int channelMax, long frameMax, int heartbeat) implements ConnectionMethod {
        public static final int METHOD_ID = 30;

        static Tune read(MethodReader r) {
            return new Tune(r.shortInt(), r.longInt(), r.shortInt());
        }

        @Override
        public void write(MethodWriter w) {
            w.shortInt(channelMax);
            w.longInt(frameMax);
            w.shortInt(heartbeat);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "connection.tune"; }
    }

    /** {@code connection.tune-ok}. */
    record TuneOk(int channelMax, long frameMax, int heartbeat) implements ConnectionMethod {
        public static final int METHOD_ID = 31;

        static TuneOk read(MethodReader r) {
            return new TuneOk(r.shortInt(), r.longInt(), r.shortInt());
        }

        @Override
        public void write(MethodWriter w) {
            w.shortInt(channelMax);
            w.longInt(frameMax);
            w.shortInt(heartbeat);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "connection.tune-ok"; }
    }

    /** {@code connection.open} (synchronous request). */
    record Open(String virtualHost, String capabilities, boolean insist) implements ConnectionMethod {
        public static final int METHOD_ID = 40;

        static Open read(MethodReader r) {
            return new Open(r.shortString(), r.shortString(), r.bit());
        }

        @Override
        public void write(MethodWriter w) {
            w.shortString(virtualHost);
            w.shortString(capabilities);
            w.bit(insist);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "connection.open"; }
    }

    /** {@code connection.open-ok}. */
    record OpenOk(String knownHosts) implements ConnectionMethod {
        public static final int METHOD_ID = 41;

        static OpenOk read(MethodReader r) {
            return new OpenOk(r.shortString());
        }

        @Override
        public void write(MethodWriter w) {
            w.shortString(knownHosts);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "connection.open-ok"; }
    }

    /** {@code connection.close} (synchronous request). */
    record Close(int replyCode, String replyText, int failingClassId,
            int failingMethodId) implements ConnectionMethod {
        public static final int METHOD_ID = 50;

        static Close read(MethodReader r) {
            return new Close(r.shortInt(), r.shortString(), r.shortInt(), r.shortInt());
        }

        @Override
        public void write(MethodWriter w) {
            w.shortInt(replyCode);
            w.shortString(replyText);
            w.shortInt(failingClassId);
            w.shortInt(failingMethodId);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "connection.close"; }
    }

    /** {@code connection.close-ok}. */
    record CloseOk() implements ConnectionMethod {
        public static final int METHOD_ID = 51;
        public static final CloseOk INSTANCE = new CloseOk();

        static CloseOk read(MethodReader r) {
            return INSTANCE;
        }

        @Override
        public void write(MethodWriter w) {
            // no fields
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "connection.close-ok"; }
    }

    /** {@code connection.blocked}. */
    record Blocked(String reason) implements ConnectionMethod {
        public static final int METHOD_ID = 60;

        static Blocked read(MethodReader r) {
            return new Blocked(r.shortString());
        }

        @Override
        public void write(MethodWriter w) {
            w.shortString(reason);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "connection.blocked"; }
    }

    /** {@code connection.unblocked}. */
    record Unblocked() implements ConnectionMethod {
        public static final int METHOD_ID = 61;
        public static final Unblocked INSTANCE = new Unblocked();

        static Unblocked read(MethodReader r) {
            return INSTANCE;
        }

        @Override
        public void write(MethodWriter w) {
            // no fields
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "connection.unblocked"; }
    }

    /** {@code connection.update-secret} (synchronous request). */
    record UpdateSecret(byte[] newSecret, String reason) implements ConnectionMethod {
        public static final int METHOD_ID = 70;

        static UpdateSecret read(MethodReader r) {
            return new UpdateSecret(r.longString(), r.shortString());
        }

        @Override
        public void write(MethodWriter w) {
            w.longString(newSecret);
            w.shortString(reason);
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "connection.update-secret"; }

        // why: records compare arrays by identity; compare the secret bytes by value instead
        @Override
        public boolean equals(Object o) {
            return o instanceof UpdateSecret other
                    && Arrays.equals(newSecret, other.newSecret)
                    && Objects.equals(reason, other.reason);
        }

        @Override
        public int hashCode() {
            int h = Arrays.hashCode(newSecret);
            h = 31 * h + Objects.hashCode(reason);
            return h;
        }

        @Override
        public String toString() {
            return "UpdateSecret[" + "newSecret=<" + (newSecret == null ? 0 : newSecret.length) + " octets>"
                    + ", " + "reason=" + reason
                    + "]";
        }
    }

    /** {@code connection.update-secret-ok}. */
    record UpdateSecretOk() implements ConnectionMethod {
        public static final int METHOD_ID = 71;
        public static final UpdateSecretOk INSTANCE = new UpdateSecretOk();

        static UpdateSecretOk read(MethodReader r) {
            return INSTANCE;
        }

        @Override
        public void write(MethodWriter w) {
            // no fields
        }

        @Override public int methodId() { return METHOD_ID; }

        @Override public String name() { return "connection.update-secret-ok"; }
    }
}
