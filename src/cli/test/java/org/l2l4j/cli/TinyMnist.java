package org.l2l4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A small MNIST-format directory (28 × 28 images, written from the IDX specification) whose digits are
 * learnable: each class lights its own band of rows, with noise. Commands run on it in seconds.
 */
final class TinyMnist {

    private TinyMnist() {
    }

    static Path write(Path directory, int trainCount, int testCount) throws IOException {
        Files.createDirectories(directory);
        SplittableRandom random = new SplittableRandom(11);
        write(directory, "train", trainCount, random);
        write(directory, "t10k", testCount, random);
        return directory;
    }

    private static void write(Path directory, String prefix, int count, SplittableRandom random) throws IOException {
        ByteArrayOutputStream images = new ByteArrayOutputStream();
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        try (DataOutputStream imageOut = new DataOutputStream(images); DataOutputStream labelOut = new DataOutputStream(labels)) {
            imageOut.writeInt(0x00000803);
            imageOut.writeInt(count);
            imageOut.writeInt(28);
            imageOut.writeInt(28);
            labelOut.writeInt(0x00000801);
            labelOut.writeInt(count);
            for (int e = 0; e < count; e++) {
                int label = random.nextInt(10);
                labelOut.writeByte(label);
                for (int row = 0; row < 28; row++) {
                    for (int col = 0; col < 28; col++) {
                        boolean lit = row / 3 == label && col > 3 && col < 24;
                        imageOut.writeByte(lit ? 200 + random.nextInt(56) : random.nextInt(8) == 0 ? random.nextInt(100) : 0);
                    }
                }
            }
        }
        Files.write(directory.resolve(prefix + "-images-idx3-ubyte"), images.toByteArray());
        Files.write(directory.resolve(prefix + "-labels-idx1-ubyte"), labels.toByteArray());
    }
}
