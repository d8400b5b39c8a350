package org.l2l4j.cli;

import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks an --out directory before any work, rather than after minutes of training when results are written. */
final class OutputDirectory {

    private OutputDirectory() {
    }

    static void require(CommandLine commandLine, Path out) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new CommandLine.ParameterException(commandLine, "--out must be a directory, but " + out
                    + " is a file; pass a new or existing directory");
        }
    }
}
