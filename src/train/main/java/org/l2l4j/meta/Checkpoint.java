package org.l2l4j.meta;

import org.l2l4j.io.AtomicFiles;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerFileException;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Everything meta-training needs to continue exactly where it stopped: the epoch to run next, φ, Adam's
 * iteration count and moments, the best φ so far with its validation loss, and how many times a divergence
 * was rolled back (each halves the meta learning rate). Written atomically and checksummed, so a run killed at
 * any moment leaves the previous complete checkpoint.
 */
record Checkpoint(int nextEpoch, int adamIteration, LearnedOptimizer phi, float[] adamState,
                  LearnedOptimizer best, double bestValidationLoss, int rollbacks) {

    static final String FILE_NAME = "checkpoint.l2lckpt";
    private static final byte[] MAGIC = "L2L4JCKP".getBytes(StandardCharsets.US_ASCII);
    /** Version 2 added the rollback count; version 1 files, written before roll-back existed, read as 0. */
    private static final int VERSION = 2;

    /** The state at the start of training: φ, fresh Adam moments, no best φ yet. */
    static Checkpoint start(LearnedOptimizer initial) {
        return new Checkpoint(0, 0, initial, new float[2 * initial.shape().parameterCount()], null,
                Double.POSITIVE_INFINITY, 0);
    }

    /** This state again, one more rollback on. */
    Checkpoint rolledBack() {
        return new Checkpoint(nextEpoch, adamIteration, phi, adamState, best, bestValidationLoss, rollbacks + 1);
    }

    void write(Path directory) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(nextEpoch);
            out.writeInt(adamIteration);
            out.writeInt(rollbacks);
            writeBlock(out, phi.toBytes());
            writeBlock(out, best == null ? new byte[0] : best.toBytes());
            out.writeDouble(bestValidationLoss);
            out.writeInt(adamState.length);
            for (float v : adamState) {
                out.writeFloat(v);
            }
        }
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        byte[] body = bytes.toByteArray();
        AtomicFiles.write(directory.resolve(FILE_NAME), ByteBuffer.allocate(body.length + 8).put(body).putLong(crc.getValue()).array());
    }

    private static void writeBlock(DataOutputStream out, byte[] block) throws IOException {
        out.writeInt(block.length);
        out.write(block);
    }

    static Checkpoint read(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException("there is no checkpoint to resume from: " + file + " does not exist; run without"
                    + " --resume to start meta-training", e);
        }
        String damaged = "checkpoint " + file + " is damaged (%s); delete it and run without --resume to start over";
        if (bytes.length < MAGIC.length + 8 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new IOException(String.format(damaged, "not an l2l4j checkpoint"));
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (crc.getValue() != in.getLong(bytes.length - 8)) {
            throw new IOException(String.format(damaged, "checksum mismatch"));
        }
        try {
            in.position(MAGIC.length);
            int version = in.getInt();
            if (version != 1 && version != VERSION) {
                throw new IOException(String.format(damaged, "format version " + version + ", expected " + VERSION));
            }
            int nextEpoch = in.getInt();
            int iteration = in.getInt();
            int rollbacks = version == 1 ? 0 : in.getInt();
            LearnedOptimizer phi = LearnedOptimizer.fromBytes(readBlock(in), "the φ in " + file);
            byte[] bestBytes = readBlock(in);
            LearnedOptimizer best = bestBytes.length == 0 ? null : LearnedOptimizer.fromBytes(bestBytes, "the best φ in " + file);
            double bestLoss = in.getDouble();
            float[] adamState = new float[in.getInt()];
            for (int i = 0; i < adamState.length; i++) {
                adamState[i] = in.getFloat();
            }
            return new Checkpoint(nextEpoch, iteration, phi, adamState, best, bestLoss, rollbacks);
        } catch (BufferUnderflowException | NegativeArraySizeException | OptimizerFileException e) {
            throw new IOException(String.format(damaged, e.getMessage() == null ? "truncated" : e.getMessage()), e);
        }
    }

    private static byte[] readBlock(ByteBuffer in) {
        byte[] block = new byte[in.getInt()];
        in.get(block);
        return block;
    }
}
