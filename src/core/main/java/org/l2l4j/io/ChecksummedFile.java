package org.l2l4j.io;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The frame shared by l2l4j's binary files (the optimizer file {@code .l2l} and the meta-training checkpoint),
 * big-endian: an 8-byte ASCII magic naming the kind of file, the format version as an int, the body, and a
 * CRC-32 of everything before it as a long.
 *
 * <p>Reading only takes the frame apart; each file kind decides in which order it checks magic, version, body
 * and checksum, and how it words the error, because users see those messages.
 */
public final class ChecksummedFile {

    /** Bytes before the body: the magic and the version. */
    public static final int HEADER_BYTES = 8 + Integer.BYTES;
    /** Bytes after the body: the checksum. */
    public static final int TRAILER_BYTES = Long.BYTES;

    /** Writes a file kind's body; the frame around it is written by {@link #encode}. */
    @FunctionalInterface
    public interface Body {
        void writeTo(DataOutputStream out) throws IOException;
    }

    private final byte[] magic;

    /** @param magic the 8 ASCII characters every file of this kind starts with */
    public ChecksummedFile(String magic) {
        this.magic = magic.getBytes(StandardCharsets.US_ASCII);
        if (this.magic.length != 8 || !magic.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("a file magic is 8 printable ASCII characters, got '" + magic + "'");
        }
    }

    public String magic() {
        return new String(magic, StandardCharsets.US_ASCII);
    }

    /** The complete file: magic, {@code version}, the body and the checksum. */
    public byte[] encode(int version, Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(magic);
            out.writeInt(version);
            body.writeTo(out);
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
        } catch (IOException e) {
            // a ByteArrayOutputStream does not fail; only a Body can throw here
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The parts of {@code bytes} as this frame sees them; nothing is checked until asked. */
    public Frame open(byte[] bytes) {
        return new Frame(bytes);
    }

    /** One file's bytes, taken apart. */
    public final class Frame {
        private final byte[] bytes;

        private Frame(byte[] bytes) {
            this.bytes = bytes;
        }

        public int length() {
            return bytes.length;
        }

        /** Whether the file starts with this kind's magic. */
        public boolean hasMagic() {
            return bytes.length >= magic.length && Arrays.equals(bytes, 0, magic.length, magic, 0, magic.length);
        }

        /** Whether the file is long enough to hold the header and the checksum (the body may be empty). */
        public boolean isComplete() {
            return bytes.length >= HEADER_BYTES + TRAILER_BYTES;
        }

        /** @throws BufferUnderflowException if the file ends before the version does */
        public int version() {
            if (bytes.length < HEADER_BYTES) {
                throw new BufferUnderflowException();
            }
            return ByteBuffer.wrap(bytes).getInt(magic.length);
        }

        /**
         * The body, from after the version to before the checksum, as a big-endian buffer positioned at its start.
         * A read past its end throws {@link BufferUnderflowException}.
         *
         * @throws BufferUnderflowException if the file is not {@linkplain #isComplete() complete}
         */
        public ByteBuffer body() {
            if (!isComplete()) {
                throw new BufferUnderflowException();
            }
            return ByteBuffer.wrap(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES - TRAILER_BYTES).slice();
        }

        /** Whether the trailing CRC-32 matches everything before it; false for a file too short to have one. */
        public boolean checksumMatches() {
            if (bytes.length < TRAILER_BYTES) {
                return false;
            }
            int end = bytes.length - TRAILER_BYTES;
            CRC32 crc = new CRC32();
            crc.update(bytes, 0, end);
            return crc.getValue() == ByteBuffer.wrap(bytes).getLong(end);
        }
    }
}
