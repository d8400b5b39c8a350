package org.l2l4j.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistValidationTest {

    @TempDir
    Path temp;

    private Path dir;

    @BeforeEach
    void writeValidDataset() throws IOException {
        dir = temp.resolve("user");
        SyntheticMnist.writePlain(dir);
    }

    @Test
    void truncatedImageFile() throws IOException {
        Path file = dir.resolve("train-images-idx3-ubyte");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, 40));

        String message = failure();

        assertContains(message, file.toString());
        assertContains(message, "expected 76 bytes for 5 images of 3x4, found 40 (truncated)");
        assertContains(message, "Re-export the dataset");
    }

    @Test
    void fileTooShortForAHeader() throws IOException {
        Path file = dir.resolve("t10k-images-idx3-ubyte");
        Files.write(file, new byte[] {0, 0, 8, 3, 0, 0});

        assertContains(failure(), file + ": only 6 bytes, too short for an IDX images header of 16 bytes");
    }

    @Test
    void wrongMagicNumber() throws IOException {
        Path file = dir.resolve("t10k-images-idx3-ubyte");
        // A label file where an image file belongs.
        Files.write(file, SyntheticMnist.labels(new int[] {1, 2}));

        String message = failure();

        assertContains(message, file.toString());
        assertContains(message, "wrong magic number 0x00000801 (2049), expected 2051");
    }

    @Test
    void imageAndLabelCountsDiffer() throws IOException {
        Path labels = dir.resolve("train-labels-idx1-ubyte");
        Files.write(labels, SyntheticMnist.labels(new int[] {1, 2, 3, 4}));

        String message = failure();

        assertContains(message, labels + ": has 4 labels but " + dir.resolve("train-images-idx3-ubyte")
                + " has 5 images");
    }

    @Test
    void labelCountInHeaderDisagreesWithLength() throws IOException {
        Path labels = dir.resolve("t10k-labels-idx1-ubyte");
        byte[] bytes = SyntheticMnist.labels(new int[] {1, 2});
        ByteBuffer.wrap(bytes).putInt(4, 3);
        Files.write(labels, bytes);

        assertContains(failure(), labels + ": expected 11 bytes for 3 labels, found 10 (truncated)");
    }

    @Test
    void missingFile() throws IOException {
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));

        String message = failure();

        assertContains(message, dir.resolve("t10k-labels-idx1-ubyte") + ": missing");
        assertContains(message, "t10k-labels-idx1-ubyte.gz");
    }

    @Test
    void labelOutOfRange() throws IOException {
        Path labels = dir.resolve("train-labels-idx1-ubyte");
        Files.write(labels, SyntheticMnist.labels(new int[] {1, 2, 200, 4, 5}));

        assertContains(failure(), labels + ": label 200 at index 2 is outside 0..9");
    }

    @Test
    void testImagesOfOtherSize() throws IOException {
        Path file = dir.resolve("t10k-images-idx3-ubyte");
        byte[] bytes = SyntheticMnist.images(2, 0);
        // 3x4 declared as 4x3: same length, other shape.
        ByteBuffer.wrap(bytes).putInt(8, 4).putInt(12, 3);
        Files.write(file, bytes);

        assertContains(failure(), file + ": images are 4x3 but the training images in");
    }

    @Test
    void corruptGzipNamesTheCompressedFile() throws IOException {
        Path gz = dir.resolve("train-labels-idx1-ubyte.gz");
        SyntheticMnist.gzip(dir.resolve("train-labels-idx1-ubyte"), gz);
        Files.delete(dir.resolve("train-labels-idx1-ubyte"));
        byte[] bytes = Files.readAllBytes(gz);
        Files.write(gz, Arrays.copyOf(bytes, bytes.length / 2));

        String message = failure();

        assertContains(message, gz + ": cannot decompress");
        assertContains(message, "Re-export the dataset");
    }

    @Test
    void notGzipAtAll() throws IOException {
        Path gz = dir.resolve("t10k-images-idx3-ubyte.gz");
        Files.move(dir.resolve("t10k-images-idx3-ubyte"), gz);

        assertContains(failure(), gz + ": cannot decompress");
    }

    @Test
    void errorsInGzippedFilesNameTheUsersFileNotTheCache() throws IOException {
        Path file = dir.resolve("train-images-idx3-ubyte");
        Files.write(file, Arrays.copyOf(Files.readAllBytes(file), 40));
        SyntheticMnist.gzip(file, dir.resolve("train-images-idx3-ubyte.gz"));
        Files.delete(file);

        assertContains(failure(), dir.resolve("train-images-idx3-ubyte.gz") + ": expected 76 bytes");
    }

    @Test
    void notADirectory() {
        Path missing = temp.resolve("nowhere");

        DatasetException e = assertThrows(DatasetException.class,
                () -> MnistDataset.fromDirectory(missing, temp.resolve("cache")));

        assertContains(e.getMessage(), missing + ": not a directory");
    }

    private String failure() {
        return assertThrows(DatasetException.class,
                () -> MnistDataset.fromDirectory(dir, temp.resolve("cache"))).getMessage();
    }

    private static void assertContains(String message, String expected) {
        assertTrue(message.contains(expected), "expected <" + expected + "> in: " + message);
    }
}
