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
        Path probe = out.resolve(PROBE);
        try {
            AtomicFiles.write(probe, new byte[0]);
            try {
                Files.delete(probe);
            } catch (IOException e) {
                throw IoFailure.of("delete", probe, e);
            }
        } catch (IOException e) {
            throw new IOException("--out " + out + " is not writable: " + e.getMessage()
                    + "; pass a directory you can write to", e);
        }
    }
}
