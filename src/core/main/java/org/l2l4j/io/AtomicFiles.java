package org.l2l4j.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes files so that a reader, another process writing the same file, or a process killed half-way only
 * ever sees the old file (or none) and the complete new one: the bytes go to a temporary file beside the
 * target, are forced to disk, and are renamed over it in one step. A failure names the file and the operating
 * system's reason ({@link IoFailure}), and leaves the previous file as it was.
 */
public final class AtomicFiles {

    /** Inspects the finished temporary file; throwing keeps it from replacing the target. */
    @FunctionalInterface
    public interface Check {
        void accept(Path temporaryFile) throws IOException;
    }

    private static final String TEMPORARY_SUFFIX = ".partial";

    private AtomicFiles() {
    }

    /**
     * Deletes the temporary files in {@code directory} that writes of processes killed half-way left behind. Only
     * for a directory no other process is writing to.
     */
    public static void deleteLeftovers(Path directory) throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory, ".*" + TEMPORARY_SUFFIX)) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, new ByteArrayInputStream(bytes), temporary -> { });
    }

    /**
     * Copies {@code content} (without closing it) to a temporary file next to {@code target}, runs
     * {@code check} on it, then renames it to {@code target}. The temporary file is removed on any failure.
     */
    public static void write(Path target, InputStream content, Check check) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw IoFailure.of("create the directory", directory, e);
        }
        // A name of our own rather than Files.createTempFile, which would make the result readable by its owner only.
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + TEMPORARY_SUFFIX);
        IOException failure = null;
        try {
            try {
                Files.copy(content, temporary);
            } catch (IOException e) {
                throw IoFailure.of("write " + target + " (its temporary file " + temporary + ")", e);
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            } catch (IOException e) {
                throw IoFailure.of("sync " + target + " to disk (its temporary file " + temporary + ")", e);
            }
            check.accept(temporary);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw IoFailure.of("rename " + temporary + " to " + target, e);
            }
        } catch (IOException e) {
            failure = e;
            throw e;
        } finally {
            removeTemporary(temporary, failure);
        }
    }

    /** Removes the temporary file; a failure to do so must not hide the failure that left it. */
    private static void removeTemporary(Path temporary, IOException failure) throws IOException {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            IOException described = IoFailure.of("delete the temporary file", temporary, e);
            if (failure == null) {
                throw described;
            }
            failure.addSuppressed(described);
        }
    }
}
