package org.l2l4j.meta;

import org.l2l4j.optimizer.DormantCoordinates;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.optimizer.Rows;
import org.l2l4j.optimizer.TileLayout;
import org.l2l4j.optimizer.TiledLstm;

import java.util.Arrays;

/**
 * One worker's scratch for a tile of at most {@link TileLayout#TILE} coordinates of a {@link FastUnroll}, allocated once
 * and reused by every step of every truncation. Rows are indexed from 0 within the tile.
 *
 * <p>The unroll's forward pass advances a tile of the run's LSTM state one step through it ({@link #advance}).
 * The backward pass ({@link #backpropagate}) first reruns the tile's forward over the whole truncation, from the
 * state at its start and the recorded optimizee gradients, into the trajectory rows here, then backpropagates
 * through them. The rerun is the same arithmetic on the same inputs as the forward pass, so it reproduces its
 * gates and states exactly; what the whole truncation keeps for every coordinate is only what cannot be
 * recomputed.
 */
final class TileWorkspace {

    private static final int TILE = TileLayout.TILE;

    private final int unroll;
    private final int hidden;
    private final int inputs;
    /** One step's optimizee gradient for the tile. */
    private final float[] gradient = new float[TILE];
    private final float[] step = new float[TILE];
    /**
     * states[t]: rows h1, c1, h2, c2 (and the moments, if the preprocessing keeps them) before step t of the
     * truncation; states[unroll] after the last step.
     */
    private final float[][][] states;
    private final float[][][] features;
    private final float[][][] gates1;
    private final float[][][] gates2;
    /** outputs[t]: the output layer's rows at step t, as {@link TiledLstm#output} leaves them. */
    private final float[][][] outputs;
    /** activity[t]: zero exactly for the coordinates dormant at step t (see {@link DormantCoordinates#mark}). */
    private final float[][] activity;
    /** h1[t], c1[t], h2[t], c2[t]: the rows of states[t] by part. */
    private final float[][][] h1;
    private final float[][][] c1;
    private final float[][][] h2;
    private final float[][][] c2;
    private final float[][][] moments;
    private final float[][][] layer1Inputs;
    private final float[][][] layer2Inputs;
    /** dL/dstep_t = Σ_{s>t} ∇_s, built from the last step back. */
    private final float[] suffix = new float[TILE];
    /** dL/dstep_t: the suffix sum, zero for the coordinates dormant at step t. */
    private final float[] stepGradient = new float[TILE];
    private final float[][] dh;
    private final float[][] dc1;
    private final float[][] dc2;
    private final float[][] dz;
    private final float[][] dh1Carry;
    private final float[][] dh1FromLayer2;
    private final float[][] dh2Carry;
    /** The gradients carried from one step back to the previous; zero at the end of each truncation. */
    private final float[][][] carries;
    private final float[][] layer1InputGradients;
    private final float[][] layer2InputGradients;
    /** dL/dφ over every tile this worker backpropagated since it was last cleared. */
    final TiledLstm.PhiGradient accumulator;

    TileWorkspace(OptimizerShape shape, int unroll) {
        this.unroll = unroll;
        hidden = shape.hiddenSize();
        inputs = shape.inputSize();
        int gateRows = shape.gateWidth();
        states = new float[unroll + 1][shape.stateSize()][TILE];
        features = new float[unroll][inputs][TILE];
        gates1 = new float[unroll][gateRows][TILE];
        gates2 = new float[unroll][gateRows][TILE];
        outputs = new float[unroll][shape.outputCount()][TILE];
        activity = new float[unroll][TILE];
        h1 = new float[unroll + 1][][];
        c1 = new float[unroll + 1][][];
        h2 = new float[unroll + 1][][];
        c2 = new float[unroll + 1][][];
        moments = new float[unroll + 1][][];
        for (int t = 0; t <= unroll; t++) {
            TileLayout.StateRows parts = TileLayout.StateRows.of(states[t], shape);
            h1[t] = parts.h1();
            c1[t] = parts.c1();
            h2[t] = parts.h2();
            c2[t] = parts.c2();
            moments[t] = parts.moments();
        }
        layer1Inputs = new float[unroll][][];
        layer2Inputs = new float[unroll][][];
        for (int t = 0; t < unroll; t++) {
            layer1Inputs[t] = Rows.concat(features[t], h1[t]);
            layer2Inputs[t] = Rows.concat(h1[t + 1], h2[t]);
        }
        dh = new float[hidden][TILE];
        dc1 = new float[hidden][TILE];
        dc2 = new float[hidden][TILE];
        dz = new float[gateRows][TILE];
        dh1Carry = new float[hidden][TILE];
        dh1FromLayer2 = new float[hidden][TILE];
        dh2Carry = new float[hidden][TILE];
        // the rows of the preprocessed gradients get no gradient: they are constants
        carries = new float[][][]{dh1Carry, dh2Carry, dc1, dc2};
        layer1InputGradients = Rows.concat(new float[inputs][0], dh1Carry);
        layer2InputGradients = Rows.concat(dh1FromLayer2, dh2Carry);
        accumulator = TiledLstm.newGradient(shape, TILE);
    }

    /** The bytes of the arrays a workspace holds (array headers aside), as the constructor allocates them. */
    static long bytesFor(OptimizerShape shape, int unroll) {
        long trajectoryRows = (long) (unroll + 1) * shape.stateSize()
                + (long) unroll * (shape.inputSize() + 2 * shape.gateWidth() + shape.outputCount() + 1);
        long backwardRows = 4 + 6L * shape.hiddenSize() + shape.gateWidth();
        return Float.BYTES * TILE * (trajectoryRows + backwardRows) + TiledLstm.PhiGradient.bytesFor(shape, TILE);
    }

    /**
     * One optimizer step for the coordinates [from, to) of a run: advances their rows of {@code lstmState} (rows
     * h1, c1, h2, c2 by unit and the moments, one float per coordinate) by the optimizee gradient {@code g} and adds the step to
     * θ. {@code stepIndex} is the step's index in the run.
     */
    void advance(TiledLstm lstm, float[] g, float[][] lstmState, float[] theta, long stepIndex, int from, int to) {
        int m = to - from;
        load(lstmState, states[0], from, m);
        System.arraycopy(g, from, gradient, 0, m);
        if (forwardStep(lstm, 0, stepIndex, m)) {
            for (int i = 0; i < m; i++) {
                theta[from + i] += step[i];
            }
        }
        float[][] after = states[1];
        for (int r = 0; r < after.length; r++) {
            System.arraycopy(after[r], 0, lstmState[r], from, m);
        }
    }

    /**
     * BPTT of the truncation for the coordinates [from, to): reruns their forward from {@code startState} with
     * the recorded {@code gradients} ∇_0..∇_unroll, then goes back from the last step to the first, adding
     * dL/dφ to {@link #accumulator}. Because the optimizee gradients are constants of the first-order
     * meta-objective, dL/dstep_t is the suffix sum Σ_{s>t} ∇_s. {@code firstStep} is the truncation's first step's
     * index in the run.
     */
    void backpropagate(TiledLstm lstm, float[][] gradients, float[][] startState, long firstStep, int from, int to) {
        int m = to - from;
        load(startState, states[0], from, m);
        for (int t = 0; t < unroll; t++) {
            System.arraycopy(gradients[t], from, gradient, 0, m);
            forwardStep(lstm, t, firstStep + t, m);
        }
        System.arraycopy(gradients[unroll], from, suffix, 0, m);
        for (float[][] rows : carries) {
            for (float[] row : rows) {
                Arrays.fill(row, 0, m, 0f);
            }
        }
        for (int t = unroll - 1; t >= 0; t--) {
            if (maskDormant(t, m) == 0) {
                // all dormant: no gradient flows, and their gates were not computed at this step
                continue;
            }
            lstm.outputBackward(stepGradient, h2[t + 1], features[t], outputs[t], dh2Carry, dh, accumulator,
                    firstStep + t, 0, m);
            lstm.layerBackward(2, layer2Inputs[t], gates2[t], c2[t], c2[t + 1], dh, dc2, dz, layer2InputGradients, 0,
                    accumulator, 0, m);
            for (int u = 0; u < hidden; u++) {
                float[] total = dh[u];
                float[] fromAbove = dh1FromLayer2[u];
                float[] carry = dh1Carry[u];
                for (int i = 0; i < m; i++) {
                    total[i] = fromAbove[i] + carry[i];
                }
            }
            lstm.layerBackward(1, layer1Inputs[t], gates1[t], c1[t], c1[t + 1], dh, dc1, dz, layer1InputGradients,
                    inputs, accumulator, 0, m);
            float[] g = gradients[t];
            for (int i = 0; i < m; i++) {
                suffix[i] += g[from + i];
            }
        }
    }

    /**
     * Step t of the trajectory, the run's step {@code stepIndex}: states[t] and the tile's ∇_t (in {@link #gradient})
     * to states[t + 1] and the step (in {@link #step}), with dormant coordinates kept as they were. Returns false,
     * leaving the step unwritten, when every coordinate of the tile was dormant.
     */
    private boolean forwardStep(TiledLstm lstm, int t, long stepIndex, int m) {
        int active = DormantCoordinates.mark(gradient, states[t], activity[t], 0, m);
        if (active == 0) {
            for (float[] row : states[t + 1]) {
                Arrays.fill(row, 0, m, 0f);
            }
            return false;
        }
        lstm.preprocess(gradient, moments[t], moments[t + 1], features[t], 0, m);
        lstm.layerForward(1, layer1Inputs[t], gates1[t], c1[t], c1[t + 1], h1[t + 1], 0, m);
        lstm.layerForward(2, layer2Inputs[t], gates2[t], c2[t], c2[t + 1], h2[t + 1], 0, m);
        lstm.output(h2[t + 1], features[t], outputs[t], step, 1f, stepIndex, 0, m);
        if (active < m) {
            DormantCoordinates.restore(activity[t], step, states[t + 1], 0, m);
        }
        return true;
    }

    /**
     * Sets dL/dstep_t from the suffix sum and, for the coordinates dormant at step t, zeroes it and the carried
     * state gradients: their step and next state do not depend on φ, so nothing flows back through them.
     * Returns how many coordinates are active.
     */
    private int maskDormant(int t, int m) {
        float[] active = activity[t];
        System.arraycopy(suffix, 0, stepGradient, 0, m);
        int count = 0;
        for (int i = 0; i < m; i++) {
            if (active[i] != 0f) {
                count++;
            } else {
                stepGradient[i] = 0f;
                for (float[][] rows : carries) {
                    for (float[] row : rows) {
                        row[i] = 0f;
                    }
                }
            }
        }
        return count;
    }

    private static void load(float[][] rows, float[][] tile, int from, int m) {
        for (int r = 0; r < tile.length; r++) {
            System.arraycopy(rows[r], from, tile[r], 0, m);
        }
    }
}
