package io.warrenmq.auth;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The user database as bytes, for the broker's definitions file (which stores them opaquely,
 * checksummed, in two alternating copies).
 *
 * <pre>
 * u8 version (1)
 * u32 users:       name, password hash, hashing module (RabbitMQ's name), u32 tag count + tags,
 *                  i32 max-connections, i32 max-channels
 * u32 permissions: vhost, user, configure, write, read
 * u32 topic permissions: vhost, user, exchange, write, read
 * strings: modified UTF-8 with a u16 length (DataOutput.writeUTF)
 * </pre>
 *
 * <p>Stateless.
 */
public final class UserDatabaseCodec {
    private static final int VERSION = 1;

    private UserDatabaseCodec() {
    }

    public static byte[] encode(UserDatabase.Snapshot s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(s.users().size());
            for (User u : s.users().values()) {
                out.writeUTF(u.name());
                out.writeUTF(u.passwordHash());
                out.writeUTF(u.hashing().rabbitName());
                out.writeInt(u.tags().size());
                for (String tag : u.tags()) {
                    out.writeUTF(tag);
                }
                out.writeInt(u.limits().maxConnections());
                out.writeInt(u.limits().maxChannels());
            }
            out.writeInt(s.permissions().size());
            for (Map.Entry<UserDatabase.VhostUser, Permissions> e : s.permissions().entrySet()) {
                out.writeUTF(e.getKey().vhost());
                out.writeUTF(e.getKey().user());
                out.writeUTF(e.getValue().configure().source());
                out.writeUTF(e.getValue().write().source());
                out.writeUTF(e.getValue().read().source());
            }
            out.writeInt(s.topicPermissions().size());
            for (Map.Entry<UserDatabase.TopicKey, TopicPermission> e : s.topicPermissions().entrySet()) {
                out.writeUTF(e.getKey().vhost());
                out.writeUTF(e.getKey().user());
                out.writeUTF(e.getKey().exchange());
                out.writeUTF(e.getValue().write());
                out.writeUTF(e.getValue().read());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array cannot fail
        }
        return bytes.toByteArray();
    }

    /** @throws InvalidDefinitionException if the bytes are not a database this codec wrote */
    public static UserDatabase.Snapshot decode(byte[] bytes) {
        if (bytes.length == 0) {
            return UserDatabase.Snapshot.EMPTY;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new InvalidDefinitionException("unknown user database version " + version);
            }
            Map<String, User> users = new HashMap<>();
            for (int n = count(in, bytes); n > 0; n--) {
                String name = in.readUTF();
                String hash = in.readUTF();
                String module = in.readUTF();
                PasswordHashing hashing = PasswordHashing.fromRabbitName(module)
                        .orElseThrow(() -> new InvalidDefinitionException("unknown hashing module " + module));
                List<String> tags = new ArrayList<>();
                for (int t = count(in, bytes); t > 0; t--) {
                    tags.add(in.readUTF());
                }
                UserLimits limits = new UserLimits(in.readInt(), in.readInt());
                users.put(name, new User(name, hash, hashing, tags, limits));
            }
            Map<UserDatabase.VhostUser, Permissions> permissions = new HashMap<>();
            for (int n = count(in, bytes); n > 0; n--) {
                UserDatabase.VhostUser key = new UserDatabase.VhostUser(in.readUTF(), in.readUTF());
                permissions.put(key, Permissions.of(in.readUTF(), in.readUTF(), in.readUTF()));
            }
            Map<UserDatabase.TopicKey, TopicPermission> topics = new HashMap<>();
            for (int n = count(in, bytes); n > 0; n--) {
                UserDatabase.TopicKey key = new UserDatabase.TopicKey(in.readUTF(), in.readUTF(), in.readUTF());
                topics.put(key, new TopicPermission(key.exchange(), in.readUTF(), in.readUTF()));
            }
            if (in.available() > 0) {
                throw new InvalidDefinitionException(in.available() + " bytes after the user database");
            }
            return new UserDatabase.Snapshot(users, permissions, topics);
        } catch (IOException e) {
            throw new InvalidDefinitionException("truncated user database: " + e);
        }
    }

    private static int count(DataInputStream in, byte[] bytes) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > bytes.length) {
            throw new InvalidDefinitionException("implausible count " + n);
        }
        return n;
    }
}
