package org.l2l4j.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks on the files the samples write. */
final class SampleFiles {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private SampleFiles() {
    }

    static void assertPng(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            assertTrue(bytes.length > 1000, file + " is only " + bytes.length + " bytes");
            assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, PNG_SIGNATURE.length), file + " is not a PNG");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
