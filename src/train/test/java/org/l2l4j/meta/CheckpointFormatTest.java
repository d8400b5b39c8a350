package org.l2l4j.meta;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.optimizer.GradientPreprocessing;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerShape;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checkpoints keep their documented byte layout, which the encoder here writes field by field independently of
 * {@link Checkpoint}: version 3 is written byte for byte, and versions 1, 2 and 3 all read back.
 */
class CheckpointFormatTest {

    private static final LearnedOptimizer PHI =
            LearnedOptimizer.randomInit(new OptimizerShape(2, GradientPreprocessing.logSign(5f), 0.01f), 7);
    private static final LearnedOptimizer BEST = LearnedOptimizer.randomInit(PHI.shape(), 8);
    private static final float[] ADAM = {0.5f, -1.25f, 3e-7f, Float.MIN_VALUE};
    /** Keys beyond ASCII and losses whose last bits a decimal round trip could lose. */
    private static final TunedAdamLosses TUNED = new TunedAdamLosses(
            List.of("MNIST MLP 784-20-10 sigmoid, batch 128, 100 steps, validation seeds [-1, -2]", "θ̃ rescaled, ≤ e³"),
            new double[]{0.1 + 0.2, Math.nextUp(1.0)});

    @TempDir
    Path dir;

    @Test
    void version3IsWrittenByteForByteAndReadsBack() throws IOException {
        Checkpoint checkpoint = new Checkpoint(12, 60, PHI, ADAM, BEST, 0.375, 2, TUNED);
        checkpoint.write(dir);
        byte[] written = Files.readAllBytes(dir.resolve(Checkpoint.FILE_NAME));
        assertArrayEquals(byHand(3, 12, 60, 2, PHI, BEST, 0.375, ADAM, TUNED), written);
        assertSame(checkpoint, Checkpoint.read(dir));
    }

    @Test
    void aStartWithoutBestOptimizerOrTunedAdamRoundTrips() throws IOException {
        Checkpoint start = Checkpoint.start(PHI);
        start.write(dir);
        assertArrayEquals(byHand(3, 0, 0, 0, PHI, null, Double.POSITIVE_INFINITY,
                        new float[2 * PHI.shape().parameterCount()], null),
                Files.readAllBytes(dir.resolve(Checkpoint.FILE_NAME)));
        Checkpoint read = Checkpoint.read(dir);
        assertNull(read.best());
        assertNull(read.tunedAdam());
        assertSame(start, read);
    }

    /** Version 2 was written before the tuned Adam losses were kept: they read as not measured. */
    @Test
    void version2ReadsWithoutTunedAdam() throws IOException {
        Files.write(dir.resolve(Checkpoint.FILE_NAME), byHand(2, 12, 60, 2, PHI, BEST, 0.375, ADAM, null));
        assertSame(new Checkpoint(12, 60, PHI, ADAM, BEST, 0.375, 2, null), Checkpoint.read(dir));
    }

    /** Version 1 was written before roll-back existed: no rollback count, which reads as 0. */
    @Test
    void version1ReadsWithNoRollbacks() throws IOException {
        Files.write(dir.resolve(Checkpoint.FILE_NAME), byHand(1, 5, 25, -1, PHI, BEST, 1.5, ADAM, null));
        assertSame(new Checkpoint(5, 25, PHI, ADAM, BEST, 1.5, 0, null), Checkpoint.read(dir));
    }

    @Test
    void refusesAnUnknownVersionTrailingBytesAndDamage() throws IOException {
        byte[] good = byHand(3, 12, 60, 2, PHI, BEST, 0.375, ADAM, TUNED);
        byte[] version4 = good.clone();
        ByteBuffer.wrap(version4).putInt(8, 4);
        assertDamaged(withFreshChecksum(version4), "format version 4");

        byte[] trailing = Arrays.copyOf(good, good.length + 4);
        System.arraycopy(good, good.length - 8, trailing, good.length - 4, 8);
        assertDamaged(withFreshChecksum(trailing), "4 bytes after the last field");

        byte[] flipped = good.clone();
        flipped[40] ^= 1;
        assertDamaged(flipped, "checksum mismatch");
        assertDamaged(Arrays.copyOf(good, 12), "not an l2l4j checkpoint");
        assertDamaged(PHI.toBytes(), "not an l2l4j checkpoint");
    }

    private void assertDamaged(byte[] bytes, String expected) throws IOException {
        Files.write(dir.resolve(Checkpoint.FILE_NAME), bytes);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.read(dir));
        assertTrue(e.getMessage().contains(expected) && e.getMessage().contains(Checkpoint.FILE_NAME), e.getMessage());
    }

    private static void assertSame(Checkpoint expected, Checkpoint actual) {
        assertEquals(expected.nextEpoch(), actual.nextEpoch());
        assertEquals(expected.adamIteration(), actual.adamIteration());
        assertEquals(expected.phi(), actual.phi());
        assertEquals(expected.best(), actual.best());
        assertEquals(expected.bestValidationLoss(), actual.bestValidationLoss());
        assertArrayEquals(expected.adamState(), actual.adamState());
        assertEquals(expected.rollbacks(), actual.rollbacks());
        assertEquals(expected.tunedAdam(), actual.tunedAdam());
    }

    /**
     * The checkpoint layout written out field by field; {@code rollbacks} is left out in version 1, {@code tuned}
     * before version 3.
     */
    private static byte[] byHand(int version, int nextEpoch, int iteration, int rollbacks, LearnedOptimizer phi,
                                 LearnedOptimizer best, double bestLoss, float[] adam, TunedAdamLosses tuned)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write("L2L4JCKP".getBytes(StandardCharsets.US_ASCII));
            out.writeInt(version);
            out.writeInt(nextEpoch);
            out.writeInt(iteration);
            if (version >= 2) {
                out.writeInt(rollbacks);
            }
            byte[] phiBytes = phi.toBytes();
            out.writeInt(phiBytes.length);
            out.write(phiBytes);
            byte[] bestBytes = best == null ? new byte[0] : best.toBytes();
            out.writeInt(bestBytes.length);
            out.write(bestBytes);
            out.writeDouble(bestLoss);
            out.writeInt(adam.length);
            for (float v : adam) {
                out.writeFloat(v);
            }
            if (version >= 3) {
                out.writeInt(tuned == null ? 0 : tuned.keys().size());
                for (int p = 0; tuned != null && p < tuned.keys().size(); p++) {
                    byte[] key = tuned.keys().get(p).getBytes(StandardCharsets.UTF_8);
                    out.writeInt(key.length);
                    out.write(key);
                    out.writeLong(Double.doubleToRawLongBits(tuned.losses()[p]));
                }
            }
            out.writeLong(0); // the checksum, filled in below
        }
        return withFreshChecksum(bytes.toByteArray());
    }

    private static byte[] withFreshChecksum(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - Long.BYTES);
        ByteBuffer.wrap(bytes).putLong(bytes.length - Long.BYTES, crc.getValue());
        return bytes;
    }
}
