package org.l2l4j.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;

/**
 * The header of an IDX file of unsigned bytes: images (3 dimensions) or labels (1 dimension).
 * For labels, {@code rows} and {@code cols} are 1.
 */
record IdxHeader(Kind kind, int count, int rows, int cols) {

    enum Kind {
        IMAGES(2051, 3, "images"),
        LABELS(2049, 1, "labels");

        final int magic;
        final int dimensions;
        final String noun;

        Kind(int magic, int dimensions, String noun) {
            this.magic = magic;
            this.dimensions = dimensions;
            this.noun = noun;
        }

        /** The magic number, then one 32-bit size per dimension. */
        int headerBytes() {
            return 4 + 4 * dimensions;
        }
    }

    int headerBytes() {
        return kind.headerBytes();
    }

    int valuesPerItem() {
        return rows * cols;
    }

    long expectedFileLength() {
        return headerBytes() + (long) count * rows * cols;
    }

    /**
     * Reads the header of {@code file}, checks its magic number and dimensions, and checks that the
     * file length is exactly what the header promises.
     */
    static IdxHeader read(IdxFile file, Kind kind, String remedy) {
        long length = fileLength(file, remedy);
        IdxHeader header = parse(file, kind, length, remedy);
        if (length != header.expectedFileLength()) {
            String what = kind == Kind.IMAGES
                    ? header.count + " images of " + header.rows + "x" + header.cols
                    : header.count + " labels";
            throw DatasetException.forFile(file.origin(), "expected " + header.expectedFileLength()
                    + " bytes for " + what + ", found " + length
                    + (length < header.expectedFileLength() ? " (truncated)" : " (trailing bytes)"), remedy);
        }
        return header;
    }

    private static long fileLength(IdxFile file, String remedy) {
        try {
            return Files.size(file.path());
        } catch (IOException e) {
            throw DatasetException.forFile(file.origin(), "cannot read (" + e + ")", remedy, e);
        }
    }

    private static IdxHeader parse(IdxFile file, Kind kind, long length, String remedy) {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file.path()))) {
            int magic = in.readInt();
            if (magic != kind.magic) {
                throw DatasetException.forFile(file.origin(), String.format(
                        "wrong magic number 0x%08x (%d), expected %d for an IDX file of %s",
                        magic, magic, kind.magic, kind.noun), remedy);
            }
            int count = positive(in.readInt(), "count", file, remedy);
            if (kind == Kind.LABELS) {
                return new IdxHeader(kind, count, 1, 1);
            }
            int rows = positive(in.readInt(), "row count", file, remedy);
            int cols = positive(in.readInt(), "column count", file, remedy);
            return new IdxHeader(kind, count, rows, cols);
        } catch (EOFException e) {
            throw DatasetException.forFile(file.origin(), "only " + length + " bytes, too short for an IDX "
                    + kind.noun + " header of " + kind.headerBytes() + " bytes (truncated)", remedy, e);
        } catch (IOException e) {
            throw DatasetException.forFile(file.origin(), "cannot read (" + e + ")", remedy, e);
        }
    }

    private static int positive(int value, String name, IdxFile file, String remedy) {
        if (value <= 0) {
            throw DatasetException.forFile(file.origin(),
                    "IDX header has " + name + " " + value + ", expected a positive number", remedy);
        }
        return value;
    }
}
