package io.warrenmq.definitions;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fails once more than {@code limit} bytes were read (why: never buffer what a client claims is small). */
final class BoundedInputStream extends FilterInputStream {
    static final class TooLargeException extends IOException {
        TooLargeException() {
            super("input too large");
        }
    }

    private final long limit;
    private long count;

    BoundedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0 && ++count > limit) {
            throw new TooLargeException();
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0 && (count += n) > limit) {
            throw new TooLargeException();
        }
        return n;
    }
}
