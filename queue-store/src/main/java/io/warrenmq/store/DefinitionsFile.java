package io.warrenmq.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The durable topology in two alternating files, {@code definitions.a} and
 * {@code definitions.b}, apart from the messages (why: a damaged definitions file never costs
 * a message, and a damaged message segment never costs the topology).
 *
 * <pre>
 *  0 u32 magic 'WRND'       8 u64 generation (grows by one per save)
 *  4 u16 version (1)       16 u32 content length C
 *  6 u16 reserved (0)      20 u32 crc32c over bytes [0,20) and the content
 * 24 content (C bytes): exchanges, queues, bindings, then (version 2) vhosts and the
 *    access-control block (layouts in docs/storage-format.md)
 * </pre>
 *
 * A save writes the file not holding the newest valid generation: {@code <name>.tmp}, fsync,
 * atomic rename, fsync of the directory. Load picks the valid file with the highest
 * generation; a damaged copy is moved aside to {@code <name>.damaged} and reported. If both are
 * damaged the topology starts empty (reported) and the messages are kept.
 *
 * <p>Thread-safety: {@link #save} is synchronized; {@link #load} runs once, at open.
 */
final class DefinitionsFile {
    static final int MAGIC = 0x57524E44; // "WRND"
    /** 2 adds the vhost list and the access-control block after the bindings; 1 is still read. */
    static final short VERSION = 2;
    static final short VERSION_1 = 1;
    static final int HEADER_BYTES = 24;
    private static final String[] NAMES = {"definitions.a", "definitions.b"};

    private final Path directory;
    private long generation;
    /** Index into NAMES of the file holding the newest valid generation (-1: none). */
    private int current = -1;
    /** Whether any definitions file existed at open (false: a fresh directory, or never saved). */
    private boolean existed;
    private boolean loaded;

    DefinitionsFile(Path directory) {
        this.directory = directory;
    }

    /** Loads the newest valid copy; adds a line to {@code problems} for each damaged one. */
    Definitions load(List<String> problems) throws IOException {
        Definitions best = Definitions.empty();
        long bestGeneration = -1;
        int damaged = 0;
        int present = 0;
        for (int i = 0; i < NAMES.length; i++) {
            Path path = directory.resolve(NAMES[i]);
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(path);
            } catch (NoSuchFileException e) {
                continue;
            }
            present++;
            existed = true;
            try {
                long gen = generationOf(bytes);
                Definitions d = decode(bytes);
                if (gen > bestGeneration) {
                    best = d;
                    bestGeneration = gen;
                    current = i;
                }
            } catch (IllegalStateException | IndexOutOfBoundsException e) {
                damaged++;
                Path aside = path.resolveSibling(NAMES[i] + ".damaged");
                Files.move(path, aside, StandardCopyOption.REPLACE_EXISTING);
                problems.add(NAMES[i] + ": " + e.getMessage() + "; moved aside to " + aside.getFileName());
            }
        }
        if (damaged > 0) {
            SegmentLog.fsyncDirectory(directory);
            if (damaged == present) {
                problems.add("no valid definitions file: starting with an empty topology (messages are kept)");
            } else {
                problems.add("using " + NAMES[current] + " (generation " + bestGeneration + ")");
            }
        }
        generation = Math.max(0, bestGeneration);
        loaded = bestGeneration >= 0;
        return best;
    }

    /** Whether a valid copy was loaded or has been saved since (false: none existed, or every copy was damaged). */
    boolean loaded() {
        return loaded;
    }

    /** What is wrong when nothing was loaded, for the refusal to start without definitions. */
    String whyNoneLoaded() {
        return existed ? "both copies (" + String.join(", ", NAMES) + ") are damaged and were moved aside"
                : "neither " + String.join(" nor ", NAMES) + " exists";
    }

    boolean existed() {
        return existed;
    }

    synchronized void save(Definitions definitions) throws IOException {
        int target = current == 0 ? 1 : 0;
        byte[] bytes = encode(definitions, generation + 1);
        Path path = directory.resolve(NAMES[target]);
        Path tmp = directory.resolve(NAMES[target] + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        SegmentLog.fsyncDirectory(directory);
        generation++;
        current = target;
        loaded = true;
    }

    static byte[] encode(Definitions d, long generation) {
        ByteBuf content = Unpooled.buffer();
        try {
            content.writeInt(d.exchanges().size());
            for (Definitions.ExchangeDef x : d.exchanges()) {
                writeString(content, x.vhost());
                writeString(content, x.name());
                writeString(content, x.type());
                content.writeByte((x.autoDelete() ? 1 : 0) | (x.internal() ? 2 : 0));
                writeBytes(content, x.arguments());
            }
            content.writeInt(d.queues().size());
            for (Definitions.QueueDef q : d.queues()) {
                writeString(content, q.vhost());
                writeString(content, q.name());
                content.writeByte(q.autoDelete() ? 1 : 0);
                writeBytes(content, q.arguments());
            }
            content.writeInt(d.bindings().size());
            for (Definitions.BindingDef b : d.bindings()) {
                writeString(content, b.vhost());
                writeString(content, b.source());
                writeString(content, b.destination());
                content.writeByte(b.destinationIsQueue() ? 1 : 0);
                writeString(content, b.routingKey());
                writeBytes(content, b.arguments());
            }
            content.writeInt(d.vhosts() == null ? -1 : d.vhosts().size());
            if (d.vhosts() != null) {
                for (Definitions.VhostDef v : d.vhosts()) {
                    writeString(content, v.name());
                    writeString(content, v.description());
                    content.writeInt(v.tags().size());
                    for (String tag : v.tags()) {
                        writeString(content, tag);
                    }
                    writeString(content, v.defaultQueueType());
                    writeBytes(content, v.parameters());
                }
            }
            writeBytes(content, d.accessControl());
            byte[] out = new byte[HEADER_BYTES + content.readableBytes()];
            ByteBuffer h = ByteBuffer.wrap(out);
            h.putInt(MAGIC).putShort(VERSION).putShort((short) 0).putLong(generation).putInt(content.readableBytes());
            content.getBytes(0, out, HEADER_BYTES, content.readableBytes());
            CRC32C crc = new CRC32C();
            crc.update(out, 0, 20);
            crc.update(out, HEADER_BYTES, out.length - HEADER_BYTES);
            h.putInt(20, (int) crc.getValue());
            return out;
        } finally {
            content.release();
        }
    }

    private static long generationOf(byte[] bytes) {
        check(bytes.length >= HEADER_BYTES, "too short (" + bytes.length + " bytes)");
        ByteBuffer h = ByteBuffer.wrap(bytes);
        check(h.getInt(0) == MAGIC, String.format("bad magic 0x%08x", h.getInt(0)));
        check(h.getShort(4) == VERSION || h.getShort(4) == VERSION_1, "unsupported version " + h.getShort(4));
        int length = h.getInt(16);
        check(length >= 0 && length == bytes.length - HEADER_BYTES,
                "content length " + length + " but " + (bytes.length - HEADER_BYTES) + " bytes follow the header");
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, 20);
        crc.update(bytes, HEADER_BYTES, length);
        check((int) crc.getValue() == h.getInt(20), "checksum mismatch");
        return h.getLong(8);
    }

    static Definitions decode(byte[] bytes) {
        generationOf(bytes);
        ByteBuf b = Unpooled.wrappedBuffer(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES);
        List<Definitions.ExchangeDef> exchanges = new ArrayList<>();
        for (int n = count(b); n > 0; n--) {
            String vhost = readString(b);
            String name = readString(b);
            String type = readString(b);
            int flags = b.readByte();
            exchanges.add(new Definitions.ExchangeDef(vhost, name, type, (flags & 1) != 0, (flags & 2) != 0, readBytes(b)));
        }
        List<Definitions.QueueDef> queues = new ArrayList<>();
        for (int n = count(b); n > 0; n--) {
            String vhost = readString(b);
            String name = readString(b);
            boolean autoDelete = b.readByte() != 0;
            queues.add(new Definitions.QueueDef(vhost, name, autoDelete, readBytes(b)));
        }
        List<Definitions.BindingDef> bindings = new ArrayList<>();
        for (int n = count(b); n > 0; n--) {
            String vhost = readString(b);
            String source = readString(b);
            String destination = readString(b);
            boolean toQueue = b.readByte() != 0;
            bindings.add(new Definitions.BindingDef(vhost, source, destination, toQueue, readString(b), readBytes(b)));
        }
        if (ByteBuffer.wrap(bytes).getShort(4) == VERSION_1) {
            check(!b.isReadable(), b.readableBytes() + " bytes after the bindings");
            return new Definitions(exchanges, queues, bindings);
        }
        int vhostCount = b.readInt();
        List<Definitions.VhostDef> vhosts = null;
        if (vhostCount >= 0) {
            check(vhostCount <= b.readableBytes(), "implausible count " + vhostCount);
            vhosts = new ArrayList<>();
            for (int n = vhostCount; n > 0; n--) {
                String name = readString(b);
                String description = readString(b);
                List<String> tags = new ArrayList<>();
                for (int t = count(b); t > 0; t--) {
                    tags.add(readString(b));
                }
                String defaultQueueType = readString(b);
                vhosts.add(new Definitions.VhostDef(name, description, tags, defaultQueueType, readBytes(b)));
            }
        }
        byte[] accessControl = readBytes(b);
        check(!b.isReadable(), b.readableBytes() + " bytes after the access-control block");
        return new Definitions(exchanges, queues, bindings, vhosts, accessControl);
    }

    private static int count(ByteBuf b) {
        int n = b.readInt();
        check(n >= 0 && n <= b.readableBytes(), "implausible count " + n);
        return n;
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalStateException(problem);
        }
    }

    private static void writeString(ByteBuf b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        check(bytes.length <= RecordFormat.MAX_STRING_BYTES, "name longer than 65535 bytes");
        b.writeShort(bytes.length).writeBytes(bytes);
    }

    private static String readString(ByteBuf b) {
        return RecordFormat.getString(b);
    }

    private static void writeBytes(ByteBuf b, byte[] bytes) {
        b.writeInt(bytes.length).writeBytes(bytes);
    }

    private static byte[] readBytes(ByteBuf b) {
        int n = b.readInt();
        check(n >= 0 && n <= b.readableBytes(), "implausible argument length " + n);
        byte[] out = new byte[n];
        b.readBytes(out);
        return out;
    }
}
