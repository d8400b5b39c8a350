package org.l2l4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default location, with files that are present but are not the real MNIST. */
class StandardMnistStoreTest {

    @TempDir
    Path root;

    @Test
    void checksumMismatchNamesTheFileAndHowToFixIt() throws IOException {
        Path dir = root.resolve("mnist");
        SyntheticMnist.writePlain(dir);

        DatasetException e = assertThrows(DatasetException.class, () -> MnistDataset.standard(root));

        String message = e.getMessage();
        assertTrue(message.startsWith(dir.resolve("train-images-idx3-ubyte") + ": SHA-256 is "), message);
        assertTrue(message.contains("expected ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
                message);
        assertTrue(message.contains("Delete it to have it downloaded again"), message);
        assertTrue(Files.notExists(dir.resolve(VerificationMarker.FILE_NAME)));
    }

    @Test
    void markerSkipsHashingUntilAFileChanges() throws IOException {
        Path dir = root.resolve("mnist");
        SyntheticMnist.writePlain(dir);
        Map<MnistFile, FileStamp> stamps = new EnumMap<>(MnistFile.class);
        for (MnistFile file : MnistFile.values()) {
            stamps.put(file, FileStamp.of(dir.resolve(file.fileName())));
        }
        VerificationMarker.record(dir, stamps);

        // The synthetic files cannot match the reference hashes, so success proves no hashing happened.
        assertEquals(5, MnistDataset.standard(root).trainCount());

        Path labels = dir.resolve("t10k-labels-idx1-ubyte");
        Files.setLastModifiedTime(labels, FileTime.fromMillis(Files.getLastModifiedTime(labels).toMillis() + 5000));
        DatasetException e = assertThrows(DatasetException.class, () -> MnistDataset.standard(root));
        assertTrue(e.getMessage().contains("SHA-256 is"), e.getMessage());
    }

    @Test
    void markerIsVoidWhenAFileIsMissingOrResized() throws IOException {
        Path dir = root.resolve("mnist");
        SyntheticMnist.writePlain(dir);
        Map<MnistFile, FileStamp> stamps = new EnumMap<>(MnistFile.class);
        for (MnistFile file : MnistFile.values()) {
            stamps.put(file, FileStamp.of(dir.resolve(file.fileName())));
        }
        VerificationMarker.record(dir, stamps);
        assertTrue(VerificationMarker.confirms(dir));

        Path images = dir.resolve("train-images-idx3-ubyte");
        FileTime modified = Files.getLastModifiedTime(images);
        Files.write(images, SyntheticMnist.images(4, 0));
        Files.setLastModifiedTime(images, modified);
        assertTrue(!VerificationMarker.confirms(dir), "a resized file must void the marker");

        Files.delete(images);
        assertTrue(!VerificationMarker.confirms(dir), "a missing file must void the marker");
    }
}
