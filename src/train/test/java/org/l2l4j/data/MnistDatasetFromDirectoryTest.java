package org.l2l4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistDatasetFromDirectoryTest {

    @TempDir
    Path temp;

    @Test
    void plainDirectoryIsReadInPlaceWithExactValues() throws IOException {
        Path dir = temp.resolve("plain");
        SyntheticMnist.writePlain(dir);

        MnistDataset dataset = MnistDataset.fromDirectory(dir, temp.resolve("cache"));

        assertEquals(dir.toAbsolutePath(), dataset.directory());
        assertEquals(5, dataset.trainCount());
        assertEquals(2, dataset.testCount());
        assertEquals(3, dataset.rows());
        assertEquals(4, dataset.cols());
        MnistSplit test = dataset.load(false);
        assertArrayEquals(new int[] {7, 2}, test.labels());
        float[] secondTestImage = test.images()[1];
        assertEquals(12, secondTestImage.length);
        assertEquals(0f, secondTestImage[0]);
        assertEquals(1f, secondTestImage[1]);
        // Image 1 of the test split is image 6 overall; pixel 5 is (6*37 + 5*11) % 256 = 21.
        assertEquals(21 / 255f, secondTestImage[5]);
        assertTrue(Files.notExists(temp.resolve("cache")), "plain data must not be copied");
    }

    @Test
    void gzipDirectoryGivesTheSameArraysAsThePlainOne() throws IOException {
        Path plainDir = temp.resolve("plain");
        Path gzipDir = temp.resolve("gzip");
        SyntheticMnist.writePlain(plainDir);
        Files.createDirectories(gzipDir);
        SyntheticMnist.writeGzipped(gzipDir);
        List<Path> userFilesBefore = listing(gzipDir);

        MnistDataset plain = MnistDataset.fromDirectory(plainDir, temp.resolve("cache"));
        MnistDataset gzip = MnistDataset.fromDirectory(gzipDir, temp.resolve("cache"));

        for (boolean train : new boolean[] {true, false}) {
            assertArrayEquals(plain.load(train).labels(), gzip.load(train).labels());
            assertArrayEquals(plain.load(train).images(), gzip.load(train).images());
        }
        assertTrue(gzip.directory().startsWith(temp.resolve("cache")), gzip.directory().toString());
        assertEquals(userFilesBefore, listing(gzipDir), "the user's directory must not be written to");
    }

    @Test
    void gzipCacheIsReusedAndRenewedWhenTheSourceChanges() throws IOException {
        Path gzipDir = temp.resolve("gzip");
        Files.createDirectories(gzipDir);
        SyntheticMnist.writeGzipped(gzipDir);
        Path cache = temp.resolve("cache");

        Path first = MnistDataset.fromDirectory(gzipDir, cache).directory();
        Path again = MnistDataset.fromDirectory(gzipDir, cache).directory();
        Path source = gzipDir.resolve("t10k-labels-idx1-ubyte.gz");
        Files.setLastModifiedTime(source, FileTime.fromMillis(Files.getLastModifiedTime(source).toMillis() - 60_000));
        Path afterEdit = MnistDataset.fromDirectory(gzipDir, cache).directory();

        assertEquals(first, again);
        assertTrue(!afterEdit.equals(first), "a changed source must not be served from the old cache entry");
    }

    @Test
    void mixedPlainAndGzipFilesAreAccepted() throws IOException {
        Path dir = temp.resolve("mixed");
        SyntheticMnist.writePlain(dir);
        SyntheticMnist.gzip(dir.resolve("train-images-idx3-ubyte"), dir.resolve("train-images-idx3-ubyte.gz"));
        Files.delete(dir.resolve("train-images-idx3-ubyte"));

        MnistDataset dataset = MnistDataset.fromDirectory(dir, temp.resolve("cache"));

        assertEquals(5, dataset.load(true).size());
        assertTrue(Files.isRegularFile(dataset.directory().resolve("t10k-labels-idx1-ubyte")));
    }

    @Test
    void dl4jIteratorIsRefusedForNonStandardSizes() throws IOException {
        Path dir = temp.resolve("plain");
        SyntheticMnist.writePlain(dir);
        MnistDataset dataset = MnistDataset.fromDirectory(dir, temp.resolve("cache"));

        DatasetException e = assertThrows(DatasetException.class, () -> dataset.iterator(2, true, false, 1));

        assertTrue(e.getMessage().contains("5 and 2 images of 3x4"), e.getMessage());
        assertTrue(e.getMessage().contains("load(train)"), e.getMessage());
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
