package org.l2l4j.optimizer;

import java.util.Arrays;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * The fast path for one optimizer step over N coordinates: preprocess, LSTM 1, LSTM 2, output layer, step. It
 * computes the math of {@link OptimizerGraph} (the SameDiff definition and reference), and a test holds the
 * two equal.
 *
 * <p>Coordinates are independent, so they are cut into tiles ({@link TileLayout}); each tile is copied from
 * off-heap memory into per-thread scratch, advanced there and copied back, and the tiles are shared among
 * the cores. Within a tile every quantity is a row of one float per coordinate, so each inner loop runs over
 * coordinates at the same index of distinct arrays: the form the JIT vectorises (rows that were slices of one
 * array at different offsets ran 3-4x slower). All scratch is allocated when the kernel is made, so a step
 * allocates no arrays.
 *
 * <p>Dormant coordinates (zero gradient, zero state: {@link DormantCoordinates}) get a step of exactly zero and
 * keep their state; a tile of only dormant coordinates skips the LSTM altogether, so a frozen layer costs a
 * read of its state and no arithmetic.
 *
 * <p>The state layout, which is also the layout of DL4J's updater state, is {@link TileLayout}'s. States are
 * addressed by 64-bit index, so their size is bounded by memory only.
 */
public final class StepKernel {

    /** Which way the output goes: DL4J subtracts its "update" from the parameters; the paper adds g_t. */
    public enum Output { STEP_TO_ADD, UPDATE_TO_SUBTRACT }

    private final TiledLstm lstm;
    private final OptimizerShape shape;
    private final int stateSize;
    private final float outputSign;
    private final Chunk[] chunks;

    /** The kernel for φ, vectorised when this JVM has the Vector API ({@link Kernels#VECTOR_API}). */
    public StepKernel(LearnedOptimizer phi, Output output) {
        this(phi, output, Kernels.VECTOR_API);
    }

    /** The kernel for φ with the vectorised loops or, given {@code false}, the scalar ones only. */
    public StepKernel(LearnedOptimizer phi, Output output, boolean vectorised) {
        lstm = new TiledLstm(phi, vectorised);
        shape = phi.shape();
        stateSize = shape.stateSize();
        outputSign = output == Output.STEP_TO_ADD ? 1f : -1f;
        chunks = new Chunk[Math.max(1, Runtime.getRuntime().availableProcessors())];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = new Chunk();
        }
    }

    public int stateSize() {
        return stateSize;
    }

    /**
     * Steps all of {@code values}, whose states fill {@code states}, as step {@code stepIndex} (from 0) of their
     * run: a warm-up ({@link NominalDirection#scaleRangeAt}, {@link NominalDirection#learnedShareAt}) reads it,
     * other shapes ignore it.
     */
    public void step(FloatSegments values, FloatSegments states, long stepIndex) {
        if (values.length() > Integer.MAX_VALUE || states.length() != values.length() * stateSize) {
            throw new IllegalArgumentException(values.length() + " values need " + values.length() * stateSize
                    + " floats of state (" + stateSize + " each, at most " + Integer.MAX_VALUE + " values), got "
                    + states.length());
        }
        step(values, 0, states, 0, (int) values.length(), stepIndex);
    }

    /**
     * Replaces {@code count} gradients, starting at index {@code valueBase} of {@code values}, by the optimizer's
     * output, and advances their states, stored from {@code stateBase} of {@code states} ({@link #stateSize()}
     * floats per value, laid out by {@link TileLayout}), as step {@code stepIndex} of their run.
     */
    public void step(FloatSegments values, long valueBase, FloatSegments states, long stateBase, int count,
                     long stepIndex) {
        for (int w = 0; w < chunks.length; w++) {
            chunks[w].prepare(values, valueBase, states, stateBase, TileLayout.shareStart(count, chunks.length, w),
                    TileLayout.shareStart(count, chunks.length, w + 1), stepIndex);
        }
        if (chunks.length == 1 || TileLayout.shareStart(count, chunks.length, 1) == count) {
            chunks[0].compute();
        } else {
            ForkJoinTask.invokeAll(chunks);
        }
    }

    /** One thread's share of the coordinates, with its own scratch rows. Reused across steps. */
    private final class Chunk extends RecursiveAction {
        private final float[] values = new float[TileLayout.TILE];
        private final float[] activity = new float[TileLayout.TILE];
        private final float[][] features = new float[lstm.inputs()][TileLayout.TILE];
        /** h1, c1, h2, c2 by unit, then the moments: the rows of the state layout. */
        private final float[][] state = new float[stateSize][TileLayout.TILE];
        private final TileLayout.StateRows parts = TileLayout.StateRows.of(state, shape);
        private final float[][] outputs = new float[lstm.outputs()][TileLayout.TILE];
        private final float[][] layer1Inputs = Rows.concat(features, parts.h1());
        private final float[][] layer2Inputs = Rows.concat(parts.h1(), parts.h2());
        private final float[][] gates = new float[lstm.gates()][TileLayout.TILE];
        private FloatSegments valueFloats;
        private FloatSegments stateFloats;
        private long valueBase;
        private long stateBase;
        private int from;
        private int to;
        private long stepIndex;

        void prepare(FloatSegments valueFloats, long valueBase, FloatSegments stateFloats, long stateBase, int from,
                     int to, long stepIndex) {
            reinitialize();
            this.valueFloats = valueFloats;
            this.valueBase = valueBase;
            this.stateFloats = stateFloats;
            this.stateBase = stateBase;
            this.from = from;
            this.to = to;
            this.stepIndex = stepIndex;
        }

        @Override
        protected void compute() {
            for (int start = from; start < to; start += TileLayout.TILE) {
                int m = Math.min(TileLayout.TILE, to - start);
                long tileBase = stateBase + TileLayout.tileStateOffset(start, stateSize);
                valueFloats.get(valueBase + start, values, 0, m);
                for (int r = 0; r < stateSize; r++) {
                    stateFloats.get(tileBase + (long) r * m, state[r], 0, m);
                }
                int active = DormantCoordinates.mark(values, state, activity, 0, m);
                if (active == 0) {
                    // every coordinate dormant: zero steps, and the state stays as it is in memory
                    Arrays.fill(values, 0, m, 0f);
                    valueFloats.put(valueBase + start, values, 0, m);
                    continue;
                }
                lstm.preprocess(values, parts.moments(), parts.moments(), features, 0, m);
                lstm.layerForward(1, layer1Inputs, gates, parts.c1(), parts.c1(), parts.h1(), 0, m);
                lstm.layerForward(2, layer2Inputs, gates, parts.c2(), parts.c2(), parts.h2(), 0, m);
                lstm.output(parts.h2(), features, outputs, values, outputSign, stepIndex, 0, m);
                if (active < m) {
                    DormantCoordinates.restore(activity, values, state, 0, m);
                }
                valueFloats.put(valueBase + start, values, 0, m);
                for (int r = 0; r < stateSize; r++) {
                    stateFloats.put(tileBase + (long) r * m, state[r], 0, m);
                }
            }
        }
    }
}
