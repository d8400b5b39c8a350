package org.l2l4j.optimizer;

import java.nio.FloatBuffer;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * The fast path for one optimizer step over N coordinates: preprocess, LSTM 1, LSTM 2, linear, scale. It
 * computes the math of {@link OptimizerGraph} (the SameDiff definition and reference), and a test holds the
 * two equal.
 *
 * <p>Coordinates are independent, so they are cut into tiles of {@link #TILE}; each tile is copied from
 * off-heap memory into per-thread scratch, advanced there and copied back, and the tiles are shared among
 * the cores. Within a tile every quantity is a row of one float per coordinate, so each inner loop runs over
 * coordinates at the same index of distinct arrays: the form the JIT vectorises (rows that were slices of one
 * array at different offsets ran 3-4x slower). All scratch is allocated when the kernel is made, so a step
 * allocates no arrays.
 *
 * <p>State layout, which is also the layout of DL4J's updater state: the N coordinates form tiles of
 * {@link #TILE} (the last may be shorter, m coordinates). Tile t occupies {@code [t·TILE·S, (t·TILE + m)·S)}
 * with S = 4·hidden, as S rows of m floats: rows 0..H-1 are h of layer 1, then c of layer 1, h of layer 2, and
 * c of layer 2. See {@link #stateIndex}.
 */
public final class StepKernel {

    /** Which way the output goes: DL4J subtracts its "update" from the parameters; the paper adds g_t. */
    public enum Output { STEP_TO_ADD, UPDATE_TO_SUBTRACT }

    /** Coordinates per tile; part of the state layout, so changing it changes the saved-state format. */
    public static final int TILE = 128;

    private final TiledLstm lstm;
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
        stateSize = phi.shape().stateSize();
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
     * Index in the state vector of {@code count} coordinates of state row {@code row} (0..4·hidden-1: h1, c1,
     * h2, c2 by unit) of {@code coordinate}.
     */
    public static int stateIndex(int coordinate, int row, int count, int stateSize) {
        int tileStart = coordinate - coordinate % TILE;
        int tileLength = Math.min(TILE, count - tileStart);
        return tileStart * stateSize + row * tileLength + (coordinate - tileStart);
    }

    /**
     * Replaces {@code count} gradients, starting at absolute index {@code gradientBase} of {@code values}, by
     * the optimizer's output, and advances their states, stored from {@code stateBase} of {@code states}.
     */
    public void step(FloatBuffer values, int gradientBase, FloatBuffer states, int stateBase, int count) {
        int tiles = (count + TILE - 1) / TILE;
        int tilesPerChunk = (tiles + chunks.length - 1) / chunks.length;
        for (int w = 0; w < chunks.length; w++) {
            int from = Math.min(count, w * tilesPerChunk * TILE);
            int to = Math.min(count, (w + 1) * tilesPerChunk * TILE);
            chunks[w].prepare(values, gradientBase, states, stateBase, from, to);
        }
        if (tiles <= tilesPerChunk) {
            chunks[0].compute();
        } else {
            ForkJoinTask.invokeAll(chunks);
        }
    }

    /** One thread's share of the coordinates, with its own scratch rows. Reused across steps. */
    private final class Chunk extends RecursiveAction {
        private final float[] values = new float[TILE];
        private final float[][] features = new float[lstm.inputs()][TILE];
        /** h1, c1, h2, c2 by unit: rows 0..4·hidden-1 as in the state layout. */
        private final float[][] state = new float[stateSize][TILE];
        private final float[][] h1 = Rows.slice(state, 0, lstm.hidden());
        private final float[][] c1 = Rows.slice(state, lstm.hidden(), 2 * lstm.hidden());
        private final float[][] h2 = Rows.slice(state, 2 * lstm.hidden(), 3 * lstm.hidden());
        private final float[][] c2 = Rows.slice(state, 3 * lstm.hidden(), 4 * lstm.hidden());
        private final float[][] layer1Inputs = Rows.concat(features, h1);
        private final float[][] layer2Inputs = Rows.concat(h1, h2);
        private final float[][] gates = new float[lstm.gates()][TILE];
        private FloatBuffer valueBuffer;
        private FloatBuffer stateBuffer;
        private int valueBase;
        private int stateBase;
        private int from;
        private int to;

        void prepare(FloatBuffer valueBuffer, int valueBase, FloatBuffer stateBuffer, int stateBase, int from, int to) {
            reinitialize();
            this.valueBuffer = valueBuffer;
            this.valueBase = valueBase;
            this.stateBuffer = stateBuffer;
            this.stateBase = stateBase;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            for (int start = from; start < to; start += TILE) {
                int m = Math.min(TILE, to - start);
                int tileBase = stateBase + start * stateSize;
                valueBuffer.get(valueBase + start, values, 0, m);
                for (int r = 0; r < stateSize; r++) {
                    stateBuffer.get(tileBase + r * m, state[r], 0, m);
                }
                lstm.preprocess(values, features, 0, m);
                lstm.layerForward(1, layer1Inputs, gates, c1, c1, h1, 0, m);
                lstm.layerForward(2, layer2Inputs, gates, c2, c2, h2, 0, m);
                lstm.output(h2, values, outputSign, 0, m);
                valueBuffer.put(valueBase + start, values, 0, m);
                for (int r = 0; r < stateSize; r++) {
                    stateBuffer.put(tileBase + r * m, state[r], 0, m);
                }
            }
        }
    }
}
