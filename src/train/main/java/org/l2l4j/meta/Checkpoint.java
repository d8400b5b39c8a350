package org.l2l4j.meta;

import org.l2l4j.io.AtomicFiles;
import org.l2l4j.io.ChecksummedFile;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerFileException;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Everything meta-training needs to continue exactly where it stopped: the epoch to run next, φ, Adam's
 * iteration count and moments, the best φ so far with its validation loss, and how many times a divergence
 * was rolled back (each halves the meta learning rate). Written atomically and checksummed, so a run killed at
 * any moment leaves the previous complete checkpoint.
 *
 * <p>File format: a {@link ChecksummedFile} with the magic {@code L2L4JCKP}, version 2, whose body is, big-endian:
 * the next epoch, Adam's iteration, the rollback count (absent in version 1), φ and the best φ as blocks (an int
 * length, then that many bytes of an optimizer file; length 0 for no best φ yet), the best validation loss as a
 * double, and the Adam state as an int count followed by that many floats.
 */
record Checkpoint(int nextEpoch, int adamIteration, LearnedOptimizer phi, float[] adamState,
                  LearnedOptimizer best, double bestValidationLoss, int rollbacks) {

    static final String FILE_NAME = "checkpoint.l2lckpt";
    private static final ChecksummedFile FILE = new ChecksummedFile("L2L4JCKP");
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
        AtomicFiles.write(directory.resolve(FILE_NAME), FILE.encode(VERSION, out -> {
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
        }));
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
        ChecksummedFile.Frame frame = FILE.open(bytes);
        if (!frame.hasMagic() || !frame.isComplete()) {
            throw new IOException(String.format(damaged, "not an l2l4j checkpoint"));
        }
        if (!frame.checksumMatches()) {
            throw new IOException(String.format(damaged, "checksum mismatch"));
        }
        int version = frame.version();
        if (version != 1 && version != VERSION) {
            throw new IOException(String.format(damaged, "format version " + version + ", expected " + VERSION));
        }
        ByteBuffer in = frame.body();
        try {
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
            if (in.hasRemaining()) {
                throw new IOException(String.format(damaged, in.remaining() + " bytes after the last field"));
            }
            return new Checkpoint(nextEpoch, iteration, phi, adamState, best, bestLoss, rollbacks);
        } catch (BufferUnderflowException | NegativeArraySizeException | OptimizerFileException e) {
            throw new IOException(String.format(damaged, e.getMessage() == null ? "truncated" : e.getMessage()), e);
        }
    }

    private static byte[] readBlock(ByteBuffer in) {
        int length = in.getInt();
        if (length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] block = new byte[length];
        in.get(block);
        return block;
    }
}
