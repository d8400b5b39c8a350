package org.l2l4j.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.l2l4j.io.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Plain copies of user datasets that contain {@code .gz} files, because DL4J's MNIST iterator
 * reads plain files from a single directory. The user's directory is never written to. Each
 * dataset gets its own cache directory, keyed by the path, size and modification time of its
 * four files, so an edited source gets a fresh copy.
 */
final class DecompressionCache {

    private static final Logger LOG = LoggerFactory.getLogger(DecompressionCache.class);

    private final Path root;

    DecompressionCache(Path root) {
        this.root = root;
    }

    /** Returns plain versions of {@code sources}, decompressing or copying each one unless already cached. */
    Map<MnistFile, IdxFile> unpack(Map<MnistFile, Path> sources, String remedy) {
        Path directory = root.resolve(key(sources, remedy));
        List<MnistFile> uncached = sources.keySet().stream()
                .filter(file -> !Files.exists(directory.resolve(file.fileName())))
                .toList();
        if (!uncached.isEmpty()) {
            LOG.info("Unpacking " + uncached.size() + " files of "
                    + sources.get(uncached.get(0)).toAbsolutePath().getParent() + " into " + directory);
        }
        for (MnistFile file : uncached) {
            copyPlain(sources.get(file), directory.resolve(file.fileName()), remedy);
        }
        Map<MnistFile, IdxFile> files = new EnumMap<>(MnistFile.class);
        sources.forEach((file, source) -> files.put(file, new IdxFile(directory.resolve(file.fileName()), source)));
        return files;
    }

    private static void copyPlain(Path source, Path target, String remedy) {
        boolean compressed = source.getFileName().toString().endsWith(MnistFile.GZIP_SUFFIX);
        try (InputStream raw = Files.newInputStream(source);
             InputStream content = compressed ? new GZIPInputStream(raw, 1 << 16) : raw) {
            AtomicFiles.write(target, content, temporary -> { });
        } catch (IOException e) {
            throw DatasetException.forFile(source, (compressed ? "cannot decompress" : "cannot copy") + " to "
                    + target + " (" + e + ")", remedy, e);
        }
    }

    private static String key(Map<MnistFile, Path> sources, String remedy) {
        StringBuilder identity = new StringBuilder();
        for (Path source : sources.values()) {
            FileStamp stamp;
            try {
                stamp = FileStamp.of(source);
            } catch (IOException e) {
                throw DatasetException.forFile(source, "cannot read (" + e + ")", remedy, e);
            }
            identity.append(source.toAbsolutePath()).append('\t').append(stamp.size())
                    .append('\t').append(stamp.modifiedMillis()).append('\n');
        }
        return Sha256.ofString(identity.toString()).substring(0, 16);
    }
}
