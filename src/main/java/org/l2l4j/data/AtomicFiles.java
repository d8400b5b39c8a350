package org.l2l4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Writes files so that readers, including other processes fetching the same data at the same
 * time, only ever see a missing file or a complete, checked one.
 */
final class AtomicFiles {

    /** Inspects the finished temporary file; throwing keeps it from replacing the target. */
    @FunctionalInterface
    interface Check {
        void accept(Path temporaryFile) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Copies {@code content} (without closing it) to a temporary file next to {@code target}, runs
     * {@code check} on it, then renames it to {@code target} atomically. The temporary file is
     * removed on any failure.
     */
    static void write(Path target, InputStream content, Check check) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        // A name of our own rather than Files.createTempFile, which would make the result owner-only readable.
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".partial");
        try {
            Files.copy(content, temporary);
            check.accept(temporary);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
