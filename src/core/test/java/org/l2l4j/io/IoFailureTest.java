package org.l2l4j.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A failed write names the file, what was being done and the operating system's reason, and keeps the old file. */
class IoFailureTest {

    @TempDir
    Path dir;

    @Test
    void aDirectoryThatCannotBeCreatedIsNamedWithTheReason() throws IOException {
        Path blocker = Files.writeString(dir.resolve("a-file"), "in the way");
        Path target = blocker.resolve("results/summary.json");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, new byte[]{1}));
        // the kernel says ENOTDIR; Java reports it as FileSystemException "Not a directory" or as FileAlreadyExists
        assertTrue(e.getMessage().startsWith("cannot create the directory " + blocker.resolve("results") + ": "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("Exception)"), "names the exception type: " + e.getMessage());
        assertTrue(e.getCause() != null, "keeps the cause");
    }

    @Test
    void aFailedRenameNamesBothFilesAndLeavesTheTargetAndNoTemporaryFile() throws IOException {
        Path target = Files.createDirectories(dir.resolve("optimizer.l2l"));
        Path inside = Files.writeString(target.resolve("kept"), "kept");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, new byte[]{1, 2, 3}));
        assertTrue(e.getMessage().startsWith("cannot rename " + dir.resolve(".optimizer.l2l.")), e.getMessage());
        assertTrue(e.getMessage().contains(".partial to " + target + ": "), e.getMessage());
        assertEquals("kept", Files.readString(inside));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
    }

    @Test
    void reasonsJavaLeavesOutAreFilledInFromTheExceptionType() {
        assertEquals("permission denied (AccessDeniedException)", IoFailure.reason(new AccessDeniedException("/x")));
        assertEquals("/x: permission denied (AccessDeniedException)", IoFailure.describe(new AccessDeniedException("/x")));
        assertEquals("No space left on device (IOException)", IoFailure.reason(new IOException("No space left on device")));
        assertEquals("cannot write /x: Read-only file system (FileSystemException)", IoFailure.of("write", Path.of("/x"),
                new java.nio.file.FileSystemException("/x", null, "Read-only file system")).getMessage());
    }
}
