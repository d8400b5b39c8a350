package org.l2l4j.optimizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Thousands of seeded mutations of valid optimizer files. The loader must refuse each damaged file with an
 * {@link OptimizerFileException} naming the file, never another exception, and may accept a file only if it is
 * exactly what {@link LearnedOptimizer#toBytes()} would write for the optimizer it returns.
 */
class OptimizerFileFuzzTest {

    private static final int MUTATIONS_PER_KIND = 250;
    /** Bytes before the kind name: magic, version, hidden size, the name's length. */
    private static final int NAME_OFFSET = 8 + 4 + 4 + 2;

    /** Kinds of damage; those marked {@code freshChecksum} also recompute the CRC so the damage gets past it. */
    enum Mutation {
        BIT_FLIPS(false), TRUNCATION(false), INSERTION(false), DELETION(false), RANDOM_BYTES(false),
        OVERWRITTEN_HEADER_FIELD(true), RANDOM_HEADER(true), RANDOM_BODY_LENGTH(true);

        final boolean freshChecksum;

        Mutation(boolean freshChecksum) {
            this.freshChecksum = freshChecksum;
        }
    }

    @TempDir
    Path dir;

    @Test
    void everyMutatedFileIsRefusedByNameOrIsAnExactValidFile() throws IOException {
        byte[][] originals = {
                LearnedOptimizer.randomInit(new OptimizerShape(2, GradientPreprocessing.logSign(5f), 0.01f), 1).toBytes(),
                LearnedOptimizer.randomInit(new OptimizerShape(3, GradientPreprocessing.identity(), 1f), 2).toBytes(),
                LearnedOptimizer.randomInit(OptimizerShape.PAPER_MNIST, 3).toBytes()};
        Random random = new Random(20240601);
        Map<Mutation, int[]> refusedAndAccepted = new EnumMap<>(Mutation.class);
        int trial = 0;
        for (Mutation mutation : Mutation.values()) {
            int[] counts = new int[2];
            refusedAndAccepted.put(mutation, counts);
            for (int i = 0; i < MUTATIONS_PER_KIND; i++, trial++) {
                byte[] original = originals[i % originals.length];
                byte[] mutated = mutate(mutation, original, i, random);
                if (mutation.freshChecksum) {
                    mutated = withFreshChecksum(mutated);
                }
                Path file = dir.resolve("fuzz-" + trial + "-" + mutation + ".l2l");
                Files.write(file, mutated);
                LearnedOptimizer loaded;
                try {
                    loaded = LearnedOptimizer.load(file);
                } catch (OptimizerFileException e) {
                    assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
                    counts[0]++;
                    continue;
                } catch (RuntimeException | Error e) {
                    throw new AssertionError(mutation + " mutation " + i + " escaped as " + e, e);
                }
                assertArrayEquals(mutated, loaded.toBytes(), mutation + " mutation " + i + " was accepted although"
                        + " it is not the canonical encoding of what was loaded");
                if (!mutation.freshChecksum && !Arrays.equals(mutated, original)) {
                    fail(mutation + " mutation " + i + " changed the file but got past the checksum");
                }
                counts[1]++;
            }
        }
        StringBuilder summary = new StringBuilder("mutation: refused/accepted\n");
        refusedAndAccepted.forEach((m, c) -> summary.append(m).append(": ").append(c[0]).append('/').append(c[1]).append('\n'));
        System.out.print(summary);
        assertEquals(MUTATIONS_PER_KIND * Mutation.values().length, trial);
        for (Mutation mutation : Mutation.values()) {
            assertTrue(refusedAndAccepted.get(mutation)[0] > MUTATIONS_PER_KIND * 0.9,
                    "almost every " + mutation + " is damage the loader must see: " + summary);
        }
    }

    private static byte[] mutate(Mutation mutation, byte[] original, int i, Random random) {
        byte[] bytes = original.clone();
        switch (mutation) {
            case BIT_FLIPS -> {
                int flips = 1 + random.nextInt(8);
                for (int f = 0; f < flips; f++) {
                    // half of the flips land in the header, where the fields are parsed before the checksum
                    int at = random.nextBoolean() ? random.nextInt(Math.min(bytes.length, 40)) : random.nextInt(bytes.length);
                    bytes[at] ^= (byte) (1 << random.nextInt(8));
                }
                return bytes;
            }
            case TRUNCATION -> {
                // every length inside the header and its neighbourhood, then random lengths in the weights
                int length = i < 64 ? i : i < 72 ? bytes.length - (i - 63) : random.nextInt(bytes.length);
                return Arrays.copyOf(bytes, length);
            }
            case INSERTION -> {
                int at = random.nextInt(bytes.length + 1);
                byte[] inserted = new byte[1 + random.nextInt(8)];
                random.nextBytes(inserted);
                return splice(bytes, at, 0, inserted);
            }
            case DELETION -> {
                int at = random.nextInt(bytes.length);
                return splice(bytes, at, Math.min(1 + random.nextInt(8), bytes.length - at), new byte[0]);
            }
            case RANDOM_BYTES -> {
                byte[] noise = new byte[random.nextInt(2 * bytes.length)];
                random.nextBytes(noise);
                if (random.nextBoolean() && noise.length >= 12) {
                    // a valid magic and version, so parsing reaches the fields behind them
                    System.arraycopy(original, 0, noise, 0, 12);
                }
                return noise;
            }
            case OVERWRITTEN_HEADER_FIELD -> {
                int[] fieldOffsets = {8, 12, NAME_OFFSET - 2, NAME_OFFSET + nameLength(original),
                        NAME_OFFSET + nameLength(original) + 4, NAME_OFFSET + nameLength(original) + 8};
                int at = fieldOffsets[random.nextInt(fieldOffsets.length)];
                int[] extremes = {0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, Float.floatToIntBits(Float.NaN),
                        Float.floatToIntBits(Float.POSITIVE_INFINITY), Float.floatToIntBits(-1f), random.nextInt()};
                int value = extremes[random.nextInt(extremes.length)];
                if (at == NAME_OFFSET - 2) {
                    ByteBuffer.wrap(bytes).putShort(at, (short) value);
                } else {
                    ByteBuffer.wrap(bytes).putInt(at, value);
                }
                return bytes;
            }
            case RANDOM_HEADER -> {
                return randomHeader(random, original, 4 + random.nextInt(64));
            }
            case RANDOM_BODY_LENGTH -> {
                // a plausible header whose weight count and body length disagree by a little
                return randomHeader(random, original, parameterCount(original) + random.nextInt(5) - 2);
            }
            default -> throw new IllegalStateException(mutation.toString());
        }
    }

    /** A header with valid magic and version but random fields, followed by {@code bodyFloats} random floats. */
    private static byte[] randomHeader(Random random, byte[] original, int bodyFloats) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(original, 0, 12);
            out.writeInt(random.nextInt(10) - 2);
            String[] names = {"LOG_SIGN", "IDENTITY", "", "log_sign", "LOG_SIGN\0", "ÜBER"};
            out.writeUTF(names[random.nextInt(names.length)]);
            out.writeFloat(random.nextBoolean() ? random.nextFloat() * 20 - 5 : Float.NaN);
            out.writeFloat(random.nextFloat() * 2 - 0.5f);
            out.writeInt(random.nextBoolean() ? random.nextInt() : Math.max(0, bodyFloats));
            for (int f = 0; f < Math.max(0, bodyFloats); f++) {
                out.writeFloat((float) random.nextGaussian());
            }
            out.writeLong(0); // the checksum, filled in by the caller
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    private static int nameLength(byte[] file) {
        return ByteBuffer.wrap(file).getShort(NAME_OFFSET - 2);
    }

    private static int parameterCount(byte[] file) {
        return ByteBuffer.wrap(file).getInt(NAME_OFFSET + nameLength(file) + 8);
    }

    private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
        byte[] out = new byte[bytes.length - remove + insert.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(bytes, at + remove, out, at + insert.length, bytes.length - at - remove);
        return out;
    }

    /** Recomputes the trailing CRC-32 so the damage is judged by the field checks, not by the checksum. */
    private static byte[] withFreshChecksum(byte[] bytes) {
        if (bytes.length < Long.BYTES) {
            return bytes;
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - Long.BYTES);
        ByteBuffer.wrap(bytes).putLong(bytes.length - Long.BYTES, crc.getValue());
        return bytes;
    }
}
