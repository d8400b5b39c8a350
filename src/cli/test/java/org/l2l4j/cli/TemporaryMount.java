package org.l2l4j.cli;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted for one test, to give file writes a real read-only or full file system. Mounting needs root;
 * elsewhere the test is skipped with a message saying so.
 */
final class TemporaryMount implements AutoCloseable {

    private final Path mountPoint;

    private TemporaryMount(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs with these options (e.g. {@code size=2m} or {@code ro,size=1m}) at {@code mountPoint}. */
    static TemporaryMount tmpfs(Path mountPoint, String options) throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        String failure = run(List.of("mount", "-t", "tmpfs", "-o", options, "tmpfs", mountPoint.toString()));
        Assumptions.assumeTrue(failure == null, () -> "skipped: this test mounts a tmpfs (" + options + "), which needs"
                + " root; mount said: " + failure);
        return new TemporaryMount(mountPoint);
    }

    Path path() {
        return mountPoint;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String failure = run(List.of("umount", mountPoint.toString()));
        if (failure != null) {
            throw new IOException("could not unmount the test's tmpfs at " + mountPoint + ": " + failure);
        }
    }

    /** Runs a command; null when it succeeded, else what it printed. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " did not finish";
        }
        return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + output;
    }
}
