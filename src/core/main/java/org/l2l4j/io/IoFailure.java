package org.l2l4j.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * I/O failures worded with their path and the operating system's reason. Java often leaves the reason out: an
 * {@link AccessDeniedException} or {@link NoSuchFileException} carries only the path as its message, so "cannot
 * write /proc/x" would otherwise reach the user as just "/proc/x".
 */
public final class IoFailure {

    private IoFailure() {
    }

    /** {@code cause} as "cannot ACTION PATH: REASON (ExceptionType)", keeping it as the cause. */
    public static IOException of(String action, Path path, IOException cause) {
        return of(action + " " + path, cause);
    }

    /** {@code cause} as "cannot WHAT: REASON (ExceptionType)", where {@code what} names the file(s). */
    public static IOException of(String what, IOException cause) {
        return new IOException("cannot " + what + ": " + reason(cause), cause);
    }

    /**
     * The operating system's reason for {@code e}, with the exception's type: "Read-only file system
     * (FileSystemException)", "permission denied (AccessDeniedException)", "No space left on device (IOException)".
     */
    public static String reason(IOException e) {
        String reason = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        if (reason == null || e instanceof FileSystemException f && f.getReason() == null) {
            reason = reasonOfType(e);
        }
        return reason + " (" + e.getClass().getSimpleName() + ")";
    }

    /** A one-line description of any I/O failure: its message if that already says why, else its path and reason. */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException f) {
            String paths = f.getOtherFile() == null ? f.getFile() : f.getFile() + " -> " + f.getOtherFile();
            return paths + ": " + reason(e);
        }
        return e.getMessage() == null ? reason(e) : e.getMessage();
    }

    private static String reasonOfType(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "the directory is not empty";
        }
        return "the operating system gave no reason";
    }
}
