package org.l2l4j.samples;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the samples find MNIST for DL4J's {@code MnistDataSetIterator}: a directory with the four uncompressed
 * IDX files. By default the one {@code ./l2l4j data} fills, {@code ~/.l2l4j/data/mnist} (or
 * {@code $L2L4J_DATA/mnist}).
 */
final class MnistFiles {

    static final List<String> FILE_NAMES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private MnistFiles() {
    }

    /**
     * The directory given with --data, or the default one; checked here so that a missing file is one clear
     * message instead of DL4J's reader failing (or trying to download) halfway.
     */
    static File directory(Path dataDirectoryOrNull) {
        Path directory = dataDirectoryOrNull != null ? dataDirectoryOrNull : defaultDirectory();
        List<String> missing = FILE_NAMES.stream().filter(name -> !Files.isRegularFile(directory.resolve(name))).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("MNIST is not in " + directory.toAbsolutePath() + " (missing " + missing
                    + "). Run ./l2l4j data once at the repository root to fetch and verify it there, or pass --data DIR"
                    + " with the four uncompressed IDX files.");
        }
        return directory.toFile();
    }

    private static Path defaultDirectory() {
        String dataRoot = System.getenv("L2L4J_DATA");
        Path root = dataRoot != null && !dataRoot.isBlank() ? Path.of(dataRoot)
                : Path.of(System.getProperty("user.home"), ".l2l4j", "data");
        return root.resolve("mnist");
    }
}
