package org.l2l4j.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MnistFilesTest {

    @TempDir
    Path dir;

    @Test
    void aDirectoryWithoutTheFourIdxFilesIsOneClearMessageWithTheFix() throws IOException {
        Files.writeString(dir.resolve("train-images-idx3-ubyte"), "x");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> MnistFiles.directory(dir));
        assertTrue(e.getMessage().contains(dir.toAbsolutePath() + " (missing [train-labels-idx1-ubyte,"
                + " t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte])"), e.getMessage());
        assertTrue(e.getMessage().contains("Run ./l2l4j data"), e.getMessage());
    }

    @Test
    void aDirectoryWithTheFourFilesIsUsedAsItIs() throws IOException {
        for (String name : MnistFiles.FILE_NAMES) {
            Files.writeString(dir.resolve(name), "x");
        }
        assertEquals(dir.toFile(), MnistFiles.directory(dir));
    }
}
