package org.l2l4j.cli;

import org.l2l4j.io.AtomicFiles;
import org.l2l4j.io.IoFailure;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks an --out directory before any work, rather than after minutes of training when results are written: it
 * must be a directory, and a file must be creatable, writable, syncable and renamable in it, as the results will be.
 * The check leaves no trace: directories it created to try are removed again, and the command creates them for good
 * when it writes its results.
 */
final class OutputDirectory {

    private static final String PROBE = ".l2l4j-write-check";

    private OutputDirectory() {
    }

    static void require(CommandLine commandLine, Path out) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new CommandLine.ParameterException(commandLine, "--out must be a directory, but " + out
                    + " is a file; pass a new or existing directory");
        }
        Path absolute = out.toAbsolutePath().normalize();
        Path firstCreated = null;
        for (Path p = absolute; p != null && !Files.exists(p); p = p.getParent()) {
            firstCreated = p;
        }
        try {
            Path probe = absolute.resolve(PROBE);
            AtomicFiles.write(probe, new byte[0]);
            delete(probe);
            for (Path p = absolute; firstCreated != null && p.startsWith(firstCreated); p = p.getParent()) {
                delete(p);
            }
        } catch (IOException e) {
            throw new IOException("--out " + out + " is not writable: " + e.getMessage()
                    + "; pass a directory you can write to", e);
        }
    }

    private static void delete(Path path) throws IOException {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw IoFailure.of("delete", path, e);
        }
    }
}
