package org.l2l4j.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The MNIST files l2l4j manages itself: fetched on first use, checked against their reference
 * SHA-256 once, and from then on only while their size or modification time stays unchanged.
 */
final class StandardMnistStore {

    private static final Logger LOG = LoggerFactory.getLogger(StandardMnistStore.class);

    static final String REMEDY = "Delete it to have it downloaded again";

    private final Path directory;
    private final NpmMnistFetcher fetcher;

    StandardMnistStore(Path directory, NpmMnistFetcher fetcher) {
        this.directory = directory;
        this.fetcher = fetcher;
    }

    /** Makes sure all four files are present and verified; returns them. */
    Map<MnistFile, IdxFile> prepare() {
        List<MnistFile> missing = Stream.of(MnistFile.values())
                .filter(file -> !Files.exists(directory.resolve(file.fileName())))
                .toList();
        if (!missing.isEmpty()) {
            fetcher.fetch(directory, missing);
        }
        try {
            if (!VerificationMarker.confirms(directory)) {
                verify();
            }
        } catch (IOException e) {
            throw new DatasetException("Cannot check the MNIST files in " + directory + ": " + e, e);
        }
        Map<MnistFile, IdxFile> files = new EnumMap<>(MnistFile.class);
        for (MnistFile file : MnistFile.values()) {
            files.put(file, IdxFile.plain(directory.resolve(file.fileName())));
        }
        return files;
    }

    private void verify() throws IOException {
        Map<MnistFile, FileStamp> stamps = new EnumMap<>(MnistFile.class);
        for (MnistFile file : MnistFile.values()) {
            Path path = directory.resolve(file.fileName());
            // Stamped before hashing: a file rewritten meanwhile then no longer matches the marker.
            stamps.put(file, FileStamp.of(path));
            String actual = Sha256.ofFile(path);
            if (!actual.equals(file.referenceSha256())) {
                throw DatasetException.forFile(path, "SHA-256 is " + actual + ", expected "
                        + file.referenceSha256() + " (" + NpmMnistFetcher.PACKAGE
                        + "); the file is damaged or was replaced", REMEDY);
            }
        }
        VerificationMarker.record(directory, stamps);
        LOG.info("Verified " + stamps.size() + " files in " + directory);
    }
}
