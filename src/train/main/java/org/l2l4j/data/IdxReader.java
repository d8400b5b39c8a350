package org.l2l4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;

/** Reads whole IDX files of unsigned bytes into Java arrays, in large blocks. */
final class IdxReader {

    private static final int BLOCK_BYTES = 1 << 20;

    private IdxReader() {
    }

    /** All images of {@code file}, one row of {@code rows * cols} pixels per image, scaled from 0..255 to [0, 1]. */
    static float[][] readImages(IdxFile file, String remedy) {
        IdxHeader header = IdxHeader.read(file, IdxHeader.Kind.IMAGES, remedy);
        int pixels = header.valuesPerItem();
        int imagesPerBlock = Math.max(1, BLOCK_BYTES / pixels);
        byte[] block = new byte[imagesPerBlock * pixels];
        float[][] images = new float[header.count()][];
        try (InputStream in = Files.newInputStream(file.path())) {
            in.skipNBytes(header.headerBytes());
            for (int first = 0; first < header.count(); first += imagesPerBlock) {
                int n = Math.min(imagesPerBlock, header.count() - first);
                readFully(in, block, n * pixels, file, remedy);
                for (int i = 0; i < n; i++) {
                    images[first + i] = toUnitInterval(block, i * pixels, pixels);
                }
            }
        } catch (IOException e) {
            throw DatasetException.forFile(file.origin(), "cannot read (" + e + ")", remedy, e);
        }
        return images;
    }

    /** All labels of {@code file}, as unsigned values. */
    static int[] readLabels(IdxFile file, String remedy) {
        IdxHeader header = IdxHeader.read(file, IdxHeader.Kind.LABELS, remedy);
        byte[] raw = new byte[header.count()];
        try (InputStream in = Files.newInputStream(file.path())) {
            in.skipNBytes(header.headerBytes());
            readFully(in, raw, raw.length, file, remedy);
        } catch (IOException e) {
            throw DatasetException.forFile(file.origin(), "cannot read (" + e + ")", remedy, e);
        }
        int[] labels = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            labels[i] = raw[i] & 0xFF;
        }
        return labels;
    }

    // Division by 255 (not multiplication by its inverse) gives bit-identical values to DL4J's MnistDataSetIterator.
    private static float[] toUnitInterval(byte[] bytes, int offset, int length) {
        float[] values = new float[length];
        for (int j = 0; j < length; j++) {
            values[j] = (bytes[offset + j] & 0xFF) / 255f;
        }
        return values;
    }

    // The header check saw the right length; a short read means the file changed since.
    private static void readFully(InputStream in, byte[] buffer, int length, IdxFile file, String remedy)
            throws IOException {
        int read = in.readNBytes(buffer, 0, length);
        if (read < length) {
            throw DatasetException.forFile(file.origin(), "file ended early; it changed while being read", remedy);
        }
    }
}
