package org.l2l4j.meta;

import org.l2l4j.optimizer.DormantCoordinates;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.optimizer.Rows;
import org.l2l4j.optimizer.TileLayout;
import org.l2l4j.optimizer.TiledLstm;
import org.l2l4j.problem.LossEvaluator;
import org.l2l4j.problem.Problem;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The fast path of one truncation of meta-training: the unroll of {@link UnrolledGraph} and its first-order
 * meta-gradient, computed in Java instead of SameDiff, and held equal to it by a test.
 *
 * <p>Because the optimizee gradients are constants of the meta-objective (first order), θ_s = θ_t + Σ g and
 * dL/dg_t = Σ_{s>t} ∂f(θ_s)/∂θ_s = Σ_{s>t} ∇_s: the suffix sum of gradients the forward pass already computed.
 * What remains is backpropagation through time of the LSTM, which is independent per coordinate, so tiles of
 * coordinates run on all cores. The forward pass records every step's gates, cells and hidden states; all of
 * it lives in buffers allocated once per engine.
 *
 * <p>Dormant coordinates ({@link DormantCoordinates}: zero gradient, zero state) take a zero step and keep their
 * state, as the graph defines; the forward pass records which they were, and the backward pass gives them no
 * gradient, so they contribute nothing to dL/dφ.
 */
public final class FastUnroll implements TruncationEngine {


    private final Problem problem;
    private final OptimizerShape shape;
    private final int unroll;
    private final int n;
    private final int hidden;
    private final int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
    private final LossEvaluator evaluator;
    /** states[t]: rows h1, c1, h2, c2 before step t; states[unroll] is the state after the last step. */
    private final float[][][] states;
    private final float[][][] features;
    private final float[][][] gates1;
    private final float[][][] gates2;
    private final float[][] gradients;
    /** activity[t]: zero exactly for the coordinates dormant at step t (see {@link DormantCoordinates#mark}). */
    private final float[][] activity;
    private final float[] step;
    /** h1[t], c1[t], h2[t], c2[t]: the rows of states[t] by part. */
    private final float[][][] h1;
    private final float[][][] c1;
    private final float[][][] h2;
    private final float[][][] c2;
    private final float[][][] layer1Inputs;
    private final float[][][] layer2Inputs;
    private final float[] suffix;
    /** dL/dg_t: the suffix sum, zero for the coordinates dormant at step t. */
    private final float[] stepGradient;
    private final float[][] dh;
    private final float[][] dc1;
    private final float[][] dc2;
    private final float[][] dz;
    private final float[][] layer1InputGradients;
    private final float[][] layer2InputGradients;
    private final float[][] dh1Carry;
    private final float[][] dh1FromLayer2;
    private final float[][] dh2Carry;
    /** The gradients carried from one step back to the previous; zero at the end of each truncation. */
    private final float[][][] carries;

    public FastUnroll(Problem problem, OptimizerShape shape, int unroll) {
        this.problem = problem;
        this.shape = shape;
        this.unroll = unroll;
        this.n = problem.parameterCount();
        this.hidden = shape.hiddenSize();
        int gateRows = shape.gateWidth();
        evaluator = problem.evaluator();
        states = new float[unroll + 1][shape.stateSize()][n];
        features = new float[unroll][shape.inputSize()][n];
        gates1 = new float[unroll][gateRows][n];
        gates2 = new float[unroll][gateRows][n];
        gradients = new float[unroll + 1][n];
        activity = new float[unroll][n];
        step = new float[n];
        h1 = new float[unroll + 1][][];
        c1 = new float[unroll + 1][][];
        h2 = new float[unroll + 1][][];
        c2 = new float[unroll + 1][][];
        for (int t = 0; t <= unroll; t++) {
            TileLayout.StateRows parts = TileLayout.StateRows.of(states[t], hidden);
            h1[t] = parts.h1();
            c1[t] = parts.c1();
            h2[t] = parts.h2();
            c2[t] = parts.c2();
        }
        layer1Inputs = new float[unroll][][];
        layer2Inputs = new float[unroll][][];
        for (int t = 0; t < unroll; t++) {
            layer1Inputs[t] = Rows.concat(features[t], h1[t]);
            layer2Inputs[t] = Rows.concat(h1[t + 1], h2[t]);
        }
        suffix = new float[n];
        stepGradient = new float[n];
        dh = new float[hidden][n];
        dc1 = new float[hidden][n];
        dc2 = new float[hidden][n];
        dz = new float[gateRows][n];
        dh1Carry = new float[hidden][n];
        dh1FromLayer2 = new float[hidden][n];
        dh2Carry = new float[hidden][n];
        // the rows of the preprocessed gradients get no gradient: they are constants
        carries = new float[][][]{dh1Carry, dh2Carry, dc1, dc2};
        layer1InputGradients = Rows.concat(new float[shape.inputSize()][0], dh1Carry);
        layer2InputGradients = Rows.concat(dh1FromLayer2, dh2Carry);
    }

    @Override
    public int stateRows() {
        return shape.stateSize();
    }

    /** The optimizee gradient ∇_t recorded by the last {@link #unroll} (t = 0..unroll). */
    public float[] recordedGradient(int t) {
        return gradients[t];
    }

    /**
     * Runs {@code unroll} optimizer steps of {@code run} with φ, advancing its θ and LSTM state, and returns the
     * meta-loss over f(θ_0..θ_T) with, if asked, its first-order gradient in φ.
     */
    @Override
    public Result unroll(LearnedOptimizer phi, RunState run, boolean withGradient) {
        if (!phi.shape().equals(shape)) {
            throw new IllegalArgumentException("this unroll was built for " + shape + ", not " + phi.shape());
        }
        TiledLstm lstm = new TiledLstm(phi);
        for (int r = 0; r < shape.stateSize(); r++) {
            System.arraycopy(run.lstmState[r], 0, states[0][r], 0, n);
        }
        double[] losses = new double[unroll + 1];
        double metaLoss = 0;
        for (int t = 0; t <= unroll; t++) {
            losses[t] = evaluator.lossAndGradient(run.theta, run.batches.next(), gradients[t]);
            metaLoss += losses[t];
            if (t < unroll) {
                int time = t;
                forEachChunk((from, to) -> forwardStep(lstm, time, run.theta, from, to));
            }
        }
        for (int r = 0; r < shape.stateSize(); r++) {
            System.arraycopy(states[unroll][r], 0, run.lstmState[r], 0, n);
        }
        return new Result(metaLoss, losses, withGradient ? backward(lstm) : null);
    }

    private void forwardStep(TiledLstm lstm, int t, float[] theta, int from, int to) {
        int active = DormantCoordinates.mark(gradients[t], states[t], activity[t], from, to);
        if (active == 0) {
            // nothing moves; the recorded gates of these coordinates get no gradient in the backward pass
            for (float[] row : states[t + 1]) {
                Arrays.fill(row, from, to, 0f);
            }
            return;
        }
        lstm.preprocess(gradients[t], features[t], from, to);
        lstm.layerForward(1, layer1Inputs[t], gates1[t], c1[t], c1[t + 1], h1[t + 1], from, to);
        lstm.layerForward(2, layer2Inputs[t], gates2[t], c2[t], c2[t + 1], h2[t + 1], from, to);
        lstm.output(h2[t + 1], step, 1f, from, to);
        if (active < to - from) {
            DormantCoordinates.restore(activity[t], step, states[t + 1], from, to);
        }
        for (int b = from; b < to; b++) {
            theta[b] += step[b];
        }
    }

    private double[] backward(TiledLstm lstm) {
        TiledLstm.PhiGradient[] accumulators = new TiledLstm.PhiGradient[workers];
        for (int w = 0; w < workers; w++) {
            accumulators[w] = lstm.newGradient(n);
        }
        IntStream.range(0, workers).parallel().forEach(w -> {
            int[] range = chunk(w);
            for (int start = range[0]; start < range[1]; start += TileLayout.TILE) {
                backwardTile(lstm, accumulators[w], start, Math.min(range[1], start + TileLayout.TILE));
            }
        });
        double[] gradient = new double[shape.parameterCount()];
        for (TiledLstm.PhiGradient accumulator : accumulators) {
            accumulator.addTo(gradient, shape);
        }
        return gradient;
    }

    /** BPTT for the coordinates [from, to), from the last step back to the first. */
    private void backwardTile(TiledLstm lstm, TiledLstm.PhiGradient accumulator, int from, int to) {
        System.arraycopy(gradients[unroll], from, suffix, from, to - from);
        for (float[][] rows : carries) {
            for (float[] row : rows) {
                Arrays.fill(row, from, to, 0f);
            }
        }
        for (int t = unroll - 1; t >= 0; t--) {
            if (maskDormant(activity[t], from, to) == 0) {
                // all dormant: no gradient flows, and their recorded gates were not written at this step
                continue;
            }
            lstm.outputBackward(stepGradient, h2[t + 1], dh2Carry, dh, accumulator, from, to);
            lstm.layerBackward(2, layer2Inputs[t], gates2[t], c2[t], c2[t + 1], dh, dc2, dz, layer2InputGradients, 0,
                    accumulator, from, to);
            for (int u = 0; u < hidden; u++) {
                float[] total = dh[u];
                float[] fromAbove = dh1FromLayer2[u];
                float[] carry = dh1Carry[u];
                for (int b = from; b < to; b++) {
                    total[b] = fromAbove[b] + carry[b];
                }
            }
            lstm.layerBackward(1, layer1Inputs[t], gates1[t], c1[t], c1[t + 1], dh, dc1, dz, layer1InputGradients,
                    shape.inputSize(), accumulator, from, to);
            float[] g = gradients[t];
            for (int b = from; b < to; b++) {
                suffix[b] += g[b];
            }
        }
    }

    /**
     * Sets dL/dg_t from the suffix sum and, for the coordinates dormant at step t, zeroes it and the carried
     * state gradients: their step and next state do not depend on φ, so nothing flows back through them.
     * Returns how many coordinates are active.
     */
    private int maskDormant(float[] active, int from, int to) {
        System.arraycopy(suffix, from, stepGradient, from, to - from);
        int count = 0;
        for (int b = from; b < to; b++) {
            if (active[b] != 0f) {
                count++;
            } else {
                stepGradient[b] = 0f;
                for (float[][] rows : carries) {
                    for (float[] row : rows) {
                        row[b] = 0f;
                    }
                }
            }
        }
        return count;
    }

    private interface Range {
        void run(int from, int to);
    }

    private void forEachChunk(Range body) {
        IntStream.range(0, workers).parallel().forEach(w -> {
            int[] range = chunk(w);
            for (int start = range[0]; start < range[1]; start += TileLayout.TILE) {
                body.run(start, Math.min(range[1], start + TileLayout.TILE));
            }
        });
    }

    /** Worker w's share of the coordinates, in whole tiles. */
    private int[] chunk(int w) {
        return new int[]{TileLayout.shareStart(n, workers, w), TileLayout.shareStart(n, workers, w + 1)};
    }
}
