package org.l2l4j.meta;

import org.l2l4j.io.AtomicFiles;
import org.l2l4j.io.ChecksummedFile;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerFileException;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything meta-training needs to continue exactly where it stopped: the epoch to run next, φ, Adam's
 * iteration count and moments, the best φ so far with its validation loss, how many times a divergence was
 * rolled back (each halves the meta learning rate), and the tuned Adam losses validation compares φ with (null
 * when selection does not use them, or not yet measured). Written atomically and checksummed, so a run killed at
 * any moment leaves the previous complete checkpoint.
 *
 * <p>File format: a {@link ChecksummedFile} with the magic {@code L2L4JCKP}, version 3, whose body is, big-endian:
 * the next epoch, Adam's iteration, the rollback count (absent in version 1), φ and the best φ as blocks (an int
 * length, then that many bytes of an optimizer file; length 0 for no best φ yet), the best validation loss as a
 * double, the Adam state as an int count followed by that many floats, and (absent before version 3) the tuned
 * Adam losses as an int count (0 for none) followed by that many pairs of a key (a block of UTF-8 bytes) and a
 * double.
 */
record Checkpoint(int nextEpoch, int adamIteration, LearnedOptimizer phi, float[] adamState,
                  LearnedOptimizer best, double bestValidationLoss, int rollbacks, TunedAdamLosses tunedAdam) {

    static final String FILE_NAME = "checkpoint.l2lckpt";
    private static final ChecksummedFile FILE = new ChecksummedFile("L2L4JCKP");
    /**
     * Version 3 added the tuned Adam losses (version 2 files read without them, so a resumed run measures them
     * again); version 2 the rollback count (version 1 files, written before roll-back existed, read as 0).
     */
    private static final int VERSION = 3;

    /** The state at the start of training: φ, fresh Adam moments, no best φ yet. */
    static Checkpoint start(LearnedOptimizer initial) {
        return new Checkpoint(0, 0, initial, new float[2 * initial.shape().parameterCount()], null,
                Double.POSITIVE_INFINITY, 0, null);
    }

    /** This state again, one more rollback on. */
    Checkpoint rolledBack() {
        return new Checkpoint(nextEpoch, adamIteration, phi, adamState, best, bestValidationLoss, rollbacks + 1,
                tunedAdam);
    }

    /** This state with the tuned Adam losses measured for it. */
    Checkpoint withTunedAdam(TunedAdamLosses losses) {
        return new Checkpoint(nextEpoch, adamIteration, phi, adamState, best, bestValidationLoss, rollbacks, losses);
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
            out.writeInt(tunedAdam == null ? 0 : tunedAdam.keys().size());
            if (tunedAdam != null) {
                double[] losses = tunedAdam.losses();
                for (int p = 0; p < losses.length; p++) {
                    writeBlock(out, tunedAdam.keys().get(p).getBytes(StandardCharsets.UTF_8));
                    out.writeDouble(losses[p]);
                }
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
        if (version < 1 || version > VERSION) {
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
            TunedAdamLosses tunedAdam = version < 3 ? null : readTunedAdam(in);
            if (in.hasRemaining()) {
                throw new IOException(String.format(damaged, in.remaining() + " bytes after the last field"));
            }
            return new Checkpoint(nextEpoch, iteration, phi, adamState, best, bestLoss, rollbacks, tunedAdam);
        } catch (BufferUnderflowException | NegativeArraySizeException | OptimizerFileException e) {
            throw new IOException(String.format(damaged, e.getMessage() == null ? "truncated" : e.getMessage()), e);
        }
    }

    private static TunedAdamLosses readTunedAdam(ByteBuffer in) {
        int count = in.getInt();
        if (count == 0) {
            return null;
        }
        if (count < 0 || count > in.remaining()) {
            throw new BufferUnderflowException();
        }
        List<String> keys = new ArrayList<>();
        double[] losses = new double[count];
        for (int p = 0; p < count; p++) {
            keys.add(new String(readBlock(in), StandardCharsets.UTF_8));
            losses[p] = in.getDouble();
        }
        return new TunedAdamLosses(keys, losses);
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
