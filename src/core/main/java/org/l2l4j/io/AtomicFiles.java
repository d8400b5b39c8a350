package org.l2l4j.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
    private static final int COPY_BUFFER_BYTES = 64 * 1024;

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
            copy(content, temporary, target);
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

    /**
     * Copies {@code content} into the new file {@code temporary}. A failure to read {@code content} is the caller's
     * and passes unchanged; a failure to create or write the file is worded with the file and the reason.
     */
    private static void copy(InputStream content, Path temporary, Path target) throws IOException {
        String writing = "write " + target + " (its temporary file " + temporary + ")";
        OutputStream out;
        try {
            out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw IoFailure.of(writing, e);
        }
        byte[] buffer = new byte[COPY_BUFFER_BYTES];
        try (out) {
            for (int n = content.read(buffer); n >= 0; n = content.read(buffer)) {
                try {
                    out.write(buffer, 0, n);
                } catch (IOException e) {
                    throw IoFailure.of(writing, e);
                }
            }
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
