package org.l2l4j.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** An interrupted or refused write leaves the previous file whole and no temporary file behind. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void aSuccessfulWriteReplacesTheFileAndLeavesNothingElse() throws IOException {
        Path target = Files.writeString(dir.resolve("results.csv"), "old");
        AtomicFiles.write(target, "new".getBytes(StandardCharsets.UTF_8));
        assertEquals("new", Files.readString(target));
        assertEquals(List.of(target), listing());
    }

    /** What a process killed between creating and renaming its temporary file leaves, and nothing else, goes. */
    @Test
    void leftoversOfKilledWritesAreDeletedAndNothingElse() throws IOException {
        Path target = Files.writeString(dir.resolve("checkpoint.l2lckpt"), "complete");
        Files.writeString(dir.resolve(".checkpoint.l2lckpt.0b8e1c6a-5f6d-4c53-9a43-2f0e2b1d7c11.partial"), "half");
        Path usersOwn = Files.writeString(dir.resolve("notes.partial"), "kept");
        AtomicFiles.deleteLeftovers(dir);
        assertEquals(List.of(target, usersOwn), listing());
    }

    @Test
    void aWriteThatFailsHalfWayKeepsTheOldFile() throws IOException {
        Path target = Files.writeString(dir.resolve("optimizer.l2l"), "old");
        InputStream failsAfterSomeBytes = new SequenceInputStream(
                new ByteArrayInputStream(new byte[100_000]), new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("disk full");
                    }
                });
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, failsAfterSomeBytes, t -> { }));
        assertEquals("disk full", e.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(target), listing());
    }

    @Test
    void aRefusedCheckKeepsTheOldFile() throws IOException {
        Path target = Files.writeString(dir.resolve("train-images-idx3-ubyte"), "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, new ByteArrayInputStream(new byte[10]),
                temporary -> {
                    throw new IOException("checksum mismatch");
                }));
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(target), listing());
    }

    private List<Path> listing() throws IOException {
        try (var files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
