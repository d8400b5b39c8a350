package org.l2l4j.spark;

import org.l2l4j.meta.MetaTrainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The files a meta-training writes that must not depend on where its runs executed. */
final class TrainingOutputs {

    static final List<String> FILES = List.of(MetaTrainer.OPTIMIZER_FILE, "checkpoint.l2lckpt", "log.csv");

    private TrainingOutputs() {
    }

    static void assertIdentical(Path expected, Path actual) throws IOException {
        for (String file : FILES) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(file)), Files.readAllBytes(actual.resolve(file)),
                    file + " differs between " + expected + " and " + actual);
        }
    }

    static boolean identical(Path a, Path b) {
        try {
            for (String file : FILES) {
                if (!java.util.Arrays.equals(Files.readAllBytes(a.resolve(file)), Files.readAllBytes(b.resolve(file)))) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
