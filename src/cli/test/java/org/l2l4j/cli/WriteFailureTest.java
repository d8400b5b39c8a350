package org.l2l4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A directory that cannot be written, a read-only file system and a full disk each end a command with the path and
 * the operating system's reason; a full disk in the middle of meta-training leaves the last checkpoint and
 * optimizer.l2l intact, and --resume continues from them to the same result as a run that never failed.
 */
class WriteFailureTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        err.getBuffer().setLength(0);
        var cli = L2l4j.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static String[] metaTrain(Path out, int epochs, boolean resume) {
        List<String> args = new ArrayList<>(List.of("meta-train", "--problem", "quadratic", "--steps", "20", "--unroll",
                "20", "--epochs", Integer.toString(epochs), "--validate-every", "1", "--validation-runs", "1", "--out",
                out.toString()));
        if (resume) {
            args.add("--resume");
        }
        return args.toArray(String[]::new);
    }

    @Test
    void anUnwritableOutIsRefusedWithItsReasonBeforeAnyWork() {
        // /proc takes no new directories, even from root (whom permission bits do not stop)
        Path forbidden = Path.of("/proc/forbidden");
        for (String[] args : List.of(metaTrain(forbidden, 1, false),
                new String[]{"evaluate", "--problem", "quadratic", "--out", forbidden.toString()},
                new String[]{"demo", "--out", forbidden.toString()})) {
            assertEquals(1, run(args), err.toString());
            assertTrue(err.toString().contains("--out /proc/forbidden is not writable: cannot create the directory"
                    + " /proc/forbidden: no such file or directory (NoSuchFileException)"), err.toString());
            assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
        }
    }

    @Test
    void aReadOnlyFileSystemIsNamed() throws Exception {
        try (TemporaryMount readOnly = TemporaryMount.tmpfs(dir.resolve("ro"), "ro,size=1m")) {
            assertEquals(1, run(metaTrain(readOnly.path().resolve("run"), 1, false)), err.toString());
            assertTrue(err.toString().contains("Read-only file system (FileSystemException)"), err.toString());
            assertTrue(err.toString().contains(readOnly.path().resolve("run").toString()), err.toString());
            assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
        }
    }

    @Test
    void aFullDiskStopsMetaTrainingWithItsReasonAndResumeFinishesTheRun() throws Exception {
        Path reference = dir.resolve("reference");
        assertEquals(0, run(metaTrain(reference, 3, false)), err.toString());

        try (TemporaryMount disk = TemporaryMount.tmpfs(dir.resolve("disk"), "size=2m")) {
            Path out = disk.path().resolve("run");
            assertEquals(0, run(metaTrain(out, 1, false)), err.toString());
            byte[] checkpoint = Files.readAllBytes(out.resolve("checkpoint.l2lckpt"));
            byte[] optimizer = Files.readAllBytes(out.resolve("optimizer.l2l"));

            Path ballast = disk.path().resolve("ballast");
            fill(ballast);
            assertEquals(1, run(metaTrain(out, 3, true)), err.toString());
            assertTrue(err.toString().contains("No space left on device"), err.toString());
            assertTrue(err.toString().contains("continue from the last completed epoch with --resume"), err.toString());
            assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
            assertArrayEquals(checkpoint, Files.readAllBytes(out.resolve("checkpoint.l2lckpt")));
            assertArrayEquals(optimizer, Files.readAllBytes(out.resolve("optimizer.l2l")));
            try (Stream<Path> files = Files.list(out)) {
                assertTrue(files.noneMatch(f -> f.toString().endsWith(".partial")), "no temporary file left behind");
            }

            Files.delete(ballast);
            assertEquals(0, run(metaTrain(out, 3, true)), err.toString());
            assertArrayEquals(Files.readAllBytes(reference.resolve("checkpoint.l2lckpt")),
                    Files.readAllBytes(out.resolve("checkpoint.l2lckpt")));
            assertArrayEquals(Files.readAllBytes(reference.resolve("optimizer.l2l")),
                    Files.readAllBytes(out.resolve("optimizer.l2l")));
        }
    }

    /** Writes {@code file} until the file system has no space left. */
    private static void fill(Path file) {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            assertTrue(full.getMessage().contains("No space left"), full.getMessage());
        }
    }
}
