package org.l2l4j.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * A tiny MNIST-format dataset written byte by byte from the IDX specification, independently of
 * the code under test. Images are 3 rows by 4 columns so that a row/column mix-up shows.
 */
final class SyntheticMnist {

    static final int ROWS = 3;
    static final int COLS = 4;
    static final int TRAIN_COUNT = 5;
    static final int TEST_COUNT = 2;
    static final int[] TRAIN_LABELS = {5, 0, 9, 1, 3};
    static final int[] TEST_LABELS = {7, 2};

    private SyntheticMnist() {
    }

    /** Pixel {@code p} of image {@code i}: distinct per image, covering 0 and 255. */
    static int pixel(int i, int p) {
        return p == 0 ? 0 : p == 1 ? 255 : (i * 37 + p * 11) % 256;
    }

    /** Writes the four plain files into {@code directory}. */
    static void writePlain(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.write(directory.resolve("train-images-idx3-ubyte"), images(TRAIN_COUNT, 0));
        Files.write(directory.resolve("train-labels-idx1-ubyte"), labels(TRAIN_LABELS));
        Files.write(directory.resolve("t10k-images-idx3-ubyte"), images(TEST_COUNT, TRAIN_COUNT));
        Files.write(directory.resolve("t10k-labels-idx1-ubyte"), labels(TEST_LABELS));
    }

    /** Writes gzip-compressed copies of the four files, named {@code *.gz}, into {@code directory}. */
    static void writeGzipped(Path directory) throws IOException {
        Path plain = Files.createTempDirectory("synthetic-plain");
        writePlain(plain);
        for (String name : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            gzip(plain.resolve(name), directory.resolve(name + ".gz"));
            Files.delete(plain.resolve(name));
        }
        Files.delete(plain);
    }

    static void gzip(Path source, Path target) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target))) {
            Files.copy(source, out);
        }
    }

    /** Image file with {@code count} images numbered from {@code firstIndex}. */
    static byte[] images(int count, int firstIndex) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(2051);
        out.writeInt(count);
        out.writeInt(ROWS);
        out.writeInt(COLS);
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < ROWS * COLS; p++) {
                out.writeByte(pixel(firstIndex + i, p));
            }
        }
        return bytes.toByteArray();
    }

    static byte[] labels(int[] labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(2049);
        out.writeInt(labels.length);
        for (int label : labels) {
            out.writeByte(label);
        }
        return bytes.toByteArray();
    }
}
