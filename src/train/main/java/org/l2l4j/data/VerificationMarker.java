package org.l2l4j.data;

import org.l2l4j.io.AtomicFiles;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers that the MNIST files in a directory matched their reference SHA-256, so that later
 * runs can skip hashing 55 MB. The marker holds, per file, the hash it was checked against and the
 * file's size and modification time at the time; any difference makes the marker void.
 */
final class VerificationMarker {

    static final String FILE_NAME = ".verified";

    private VerificationMarker() {
    }

    /** True if the marker in {@code directory} vouches for every file as it is now. */
    static boolean confirms(Path directory) throws IOException {
        Map<String, String> recorded = new HashMap<>();
        try {
            for (String line : Files.readAllLines(directory.resolve(FILE_NAME), StandardCharsets.UTF_8)) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    recorded.put(line.substring(0, space), line);
                }
            }
        } catch (NoSuchFileException e) {
            return false;
        }
        for (MnistFile file : MnistFile.values()) {
            Path path = directory.resolve(file.fileName());
            if (!Files.exists(path) || !line(file, FileStamp.of(path)).equals(recorded.get(file.fileName()))) {
                return false;
            }
        }
        return true;
    }

    /** Records that every file, as it was when {@code stamps} were taken, matched its reference hash. */
    static void record(Path directory, Map<MnistFile, FileStamp> stamps) throws IOException {
        StringBuilder text = new StringBuilder();
        for (MnistFile file : MnistFile.values()) {
            text.append(line(file, stamps.get(file))).append('\n');
        }
        AtomicFiles.write(directory.resolve(FILE_NAME),
                new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)), temporary -> { });
    }

    private static String line(MnistFile file, FileStamp stamp) {
        return String.join(" ", List.of(file.fileName(), file.referenceSha256(),
                Long.toString(stamp.size()), Long.toString(stamp.modifiedMillis())));
    }
}
