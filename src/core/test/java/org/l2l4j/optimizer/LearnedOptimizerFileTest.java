package org.l2l4j.optimizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.io.ChecksummedFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LearnedOptimizerFileTest {

    @TempDir
    Path dir;

    @Test
    void saveAndLoadRoundTripBitForBit() throws IOException {
        LearnedOptimizer phi = LearnedOptimizer.randomInit(new OptimizerShape(13, GradientPreprocessing.logSign(5f), 0.01f), 3);
        Path file = dir.resolve("optimizer.l2l");
        phi.save(file);
        LearnedOptimizer loaded = LearnedOptimizer.load(file);
        assertEquals(phi.shape(), loaded.shape());
        assertArrayEquals(phi.parameters(), loaded.parameters());
        assertArrayEquals(Files.readAllBytes(file), loaded.toBytes());
        try (var leftovers = Files.list(dir)) {
            assertEquals(1, leftovers.count(), "the atomic write leaves no temporary file");
        }
    }

    @Test
    void theGeneralOptimizerRoundTripsBitForBitInFormatVersion2() throws IOException {
        LearnedOptimizer phi = LearnedOptimizer.randomInit(OptimizerShape.GENERAL, 4);
        Path file = dir.resolve("general.l2l");
        phi.save(file);
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(LearnedOptimizer.NOMINAL_FORMAT_VERSION, ByteBuffer.wrap(bytes).getInt(8));
        LearnedOptimizer loaded = LearnedOptimizer.load(file);
        assertEquals(OptimizerShape.GENERAL, loaded.shape());
        assertArrayEquals(phi.parameters(), loaded.parameters());
        assertArrayEquals(bytes, loaded.toBytes());
        OptimizerShape momentsOnly = new OptimizerShape(3, GradientPreprocessing.moments(2f), 0.5f);
        LearnedOptimizer plain = LearnedOptimizer.randomInit(momentsOnly, 5);
        assertEquals(plain, LearnedOptimizer.fromBytes(plain.toBytes(), "moments without a nominal direction"));
    }

    /**
     * A warm-up is written in version 3: the same bytes as version 2 with K after α. Without the warm-up the same
     * φ is written as version 2 again, and a version-3 file that holds no warm-up is refused.
     */
    @Test
    void aWarmupIsWrittenInFormatVersion3() {
        OptimizerShape warm = OptimizerShape.GENERAL.withWarmup(20);
        LearnedOptimizer phi = LearnedOptimizer.randomInit(warm, 6);
        byte[] bytes = phi.toBytes();
        assertEquals(3, ByteBuffer.wrap(bytes).getInt(8));
        LearnedOptimizer loaded = LearnedOptimizer.fromBytes(bytes, "warm-up");
        assertEquals(warm, loaded.shape());
        assertEquals(20, loaded.shape().nominal().warmupSteps());
        assertArrayEquals(bytes, loaded.toBytes());
        byte[] withoutWarmup = new LearnedOptimizer(OptimizerShape.GENERAL, phi.parameters()).toBytes();
        assertEquals(2, ByteBuffer.wrap(withoutWarmup).getInt(8));
        assertEquals(bytes.length - Integer.BYTES, withoutWarmup.length);
        int warmupAt = bytes.length - ChecksummedFile.TRAILER_BYTES - 4 * (phi.shape().parameterCount() + 2);
        assertEquals(20, ByteBuffer.wrap(bytes).getInt(warmupAt));
        ByteBuffer.wrap(bytes).putInt(warmupAt, 0);
        var e = assertThrows(OptimizerFileException.class,
                () -> LearnedOptimizer.fromBytes(withFreshChecksum(bytes), "v3 without warm-up"));
        assertTrue(e.getMessage().contains("written as version 2"), e.getMessage());
    }

    /**
     * A warm-up of the learned share is written in version 4: version 3's bytes with K_α after K. Without it the
     * same φ is written as version 3 again, and a version-4 file that holds none is refused.
     */
    @Test
    void aWarmupOfTheLearnedShareIsWrittenInFormatVersion4() {
        OptimizerShape warm = OptimizerShape.GENERAL.withWarmup(20).withShareWarmup(30);
        LearnedOptimizer phi = LearnedOptimizer.randomInit(warm, 6);
        byte[] bytes = phi.toBytes();
        assertEquals(4, ByteBuffer.wrap(bytes).getInt(8));
        LearnedOptimizer loaded = LearnedOptimizer.fromBytes(bytes, "share warm-up");
        assertEquals(warm, loaded.shape());
        assertEquals(30, loaded.shape().nominal().shareWarmupSteps());
        assertArrayEquals(bytes, loaded.toBytes());
        byte[] factorOnly = new LearnedOptimizer(OptimizerShape.GENERAL.withWarmup(20), phi.parameters()).toBytes();
        assertEquals(3, ByteBuffer.wrap(factorOnly).getInt(8));
        assertEquals(bytes.length - Integer.BYTES, factorOnly.length);
        int shareWarmupAt = bytes.length - ChecksummedFile.TRAILER_BYTES - 4 * (phi.shape().parameterCount() + 2);
        assertEquals(30, ByteBuffer.wrap(bytes).getInt(shareWarmupAt));
        ByteBuffer.wrap(bytes).putInt(shareWarmupAt, 0);
        var e = assertThrows(OptimizerFileException.class,
                () -> LearnedOptimizer.fromBytes(withFreshChecksum(bytes), "v4 without a share warm-up"));
        assertTrue(e.getMessage().contains("written as version 3"), e.getMessage());
    }

    /** The paper's kind of optimizer is still written as version 1, byte for byte as before version 2 existed. */
    @Test
    void thePaperKindIsStillWrittenAsVersion1() {
        byte[] bytes = LearnedOptimizer.randomInit(OptimizerShape.PAPER_MNIST, 1).toBytes();
        assertEquals(1, ByteBuffer.wrap(bytes).getInt(8));
    }

    @Test
    void initialisationFollowsTheReferenceStddevsAndIsSeeded() {
        OptimizerShape shape = OptimizerShape.PAPER_MNIST;
        LearnedOptimizer a = LearnedOptimizer.randomInit(shape, 11);
        assertEquals(a, LearnedOptimizer.randomInit(shape, 11));
        assertNotEquals(a, LearnedOptimizer.randomInit(shape, 12));
        float[] recurrent = a.tensor(PhiTensor.LAYER2_RECURRENT_WEIGHTS);
        double stddev = 1 / Math.sqrt(40);
        double sumSquares = 0;
        for (float v : recurrent) {
            assertTrue(Math.abs(v) <= 2 * stddev + 1e-7, "truncated at two standard deviations");
            sumSquares += v * v;
        }
        // a normal truncated at ±2σ has variance 0.774 σ²
        assertEquals(0.774 * stddev * stddev, sumSquares / recurrent.length, 0.05 * stddev * stddev);
        for (float v : a.tensor(PhiTensor.LAYER1_BIAS)) {
            assertEquals(0f, v);
        }
    }

    /** Started at the nominal direction: the output layer is zero, the LSTM as randomInit draws it. */
    @Test
    void nominalInitialisationZeroesOnlyTheOutputLayer() {
        LearnedOptimizer nominal = LearnedOptimizer.nominalInit(OptimizerShape.GENERAL, 6);
        LearnedOptimizer random = LearnedOptimizer.randomInit(OptimizerShape.GENERAL, 6);
        for (PhiTensor t : PhiTensor.values()) {
            float[] expected = t == PhiTensor.OUTPUT_WEIGHTS ? new float[t.size(OptimizerShape.GENERAL)] : random.tensor(t);
            assertArrayEquals(expected, nominal.tensor(t), t.name());
        }
        assertThrows(IllegalArgumentException.class, () -> LearnedOptimizer.nominalInit(OptimizerShape.PAPER_MNIST, 6));
    }

    @Test
    void refusesAFileOfAnotherVersion() throws IOException {
        byte[] bytes = LearnedOptimizer.randomInit(OptimizerShape.PAPER_MNIST, 1).toBytes();
        ByteBuffer.wrap(bytes).putInt(8, 5);
        Path file = write("v5.l2l", withFreshChecksum(bytes));
        var e = assertThrows(OptimizerFileException.class, () -> LearnedOptimizer.load(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("version 5"), e.getMessage());
    }

    @Test
    void refusesAFileWhoseWeightCountDoesNotMatchItsShape() throws IOException {
        byte[] bytes = LearnedOptimizer.randomInit(OptimizerShape.PAPER_MNIST, 1).toBytes();
        ByteBuffer.wrap(bytes).putInt(12, 21); // hidden size 20 -> 21
        Path file = write("shape.l2l", withFreshChecksum(bytes));
        var e = assertThrows(OptimizerFileException.class, () -> LearnedOptimizer.load(file));
        assertTrue(e.getMessage().contains("wrong shape") && e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void refusesTruncatedCorruptAndForeignFiles() throws IOException {
        byte[] good = LearnedOptimizer.randomInit(OptimizerShape.PAPER_MNIST, 1).toBytes();
        Path truncated = write("truncated.l2l", Arrays.copyOf(good, good.length - 100));
        assertMessage(truncated, "truncated");
        Path headerOnly = write("header.l2l", Arrays.copyOf(good, 10));
        assertMessage(headerOnly, "truncated");
        byte[] flipped = good.clone();
        flipped[200] ^= 0x10;
        assertMessage(write("flipped.l2l", flipped), "checksum");
        byte[] random = new byte[good.length];
        new Random(5).nextBytes(random);
        assertMessage(write("random.l2l", random), "not an l2l4j optimizer file");
        assertMessage(dir.resolve("missing.l2l"), "does not exist");
    }

    private void assertMessage(Path file, String expected) {
        var e = assertThrows(OptimizerFileException.class, () -> LearnedOptimizer.load(file));
        assertTrue(e.getMessage().contains(expected) && e.getMessage().contains(file.toString()), e.getMessage());
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private static byte[] withFreshChecksum(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - Long.BYTES);
        ByteBuffer.wrap(bytes).putLong(bytes.length - Long.BYTES, crc.getValue());
        return bytes;
    }
}
