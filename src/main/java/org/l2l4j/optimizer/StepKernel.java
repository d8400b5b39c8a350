package org.l2l4j.optimizer;

import java.nio.FloatBuffer;
import java.util.Arrays;
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

    private final int hidden;
    private final int gates;
    private final int inputs;
    private final int stateSize;
    private final boolean logSign;
    private final float inverseP;
    private final float expP;
    private final float outputMultiplier;
    /** [inputs + hidden, gates]: the input weights stacked on the recurrent weights. */
    private final float[] layer1Weights;
    private final float[] layer1Bias;
    /** [2·hidden, gates]. */
    private final float[] layer2Weights;
    private final float[] layer2Bias;
    private final float[] outputWeights;
    private final float outputBias;
    private final Chunk[] chunks;

    public StepKernel(LearnedOptimizer phi, Output output) {
        OptimizerShape shape = phi.shape();
        hidden = shape.hiddenSize();
        gates = shape.gateWidth();
        inputs = shape.inputSize();
        stateSize = shape.stateSize();
        logSign = shape.preprocessing().kind() == GradientPreprocessing.Kind.LOG_SIGN;
        inverseP = logSign ? 1f / shape.preprocessing().p() : 0f;
        expP = logSign ? (float) Math.exp(shape.preprocessing().p()) : 0f;
        outputMultiplier = output == Output.STEP_TO_ADD ? shape.outputScale() : -shape.outputScale();
        layer1Weights = concat(phi.tensor(PhiTensor.LAYER1_INPUT_WEIGHTS), phi.tensor(PhiTensor.LAYER1_RECURRENT_WEIGHTS));
        layer1Bias = phi.tensor(PhiTensor.LAYER1_BIAS);
        layer2Weights = concat(phi.tensor(PhiTensor.LAYER2_INPUT_WEIGHTS), phi.tensor(PhiTensor.LAYER2_RECURRENT_WEIGHTS));
        layer2Bias = phi.tensor(PhiTensor.LAYER2_BIAS);
        outputWeights = phi.tensor(PhiTensor.OUTPUT_WEIGHTS);
        outputBias = phi.tensor(PhiTensor.OUTPUT_BIAS)[0];
        chunks = new Chunk[Math.max(1, Runtime.getRuntime().availableProcessors())];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = new Chunk();
        }
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
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
        private final float[][] features = new float[inputs][TILE];
        /** h1, c1, h2, c2 by unit: rows 0..4·hidden-1 as in the state layout. */
        private final float[][] state = new float[stateSize][TILE];
        private final float[][] z = new float[gates][TILE];
        private final float[][] layer1Inputs = new float[inputs + hidden][];
        private final float[][] layer2Inputs = new float[2 * hidden][];
        private FloatBuffer valueBuffer;
        private FloatBuffer stateBuffer;
        private int valueBase;
        private int stateBase;
        private int from;
        private int to;

        Chunk() {
            System.arraycopy(features, 0, layer1Inputs, 0, inputs);
            System.arraycopy(state, 0, layer1Inputs, inputs, hidden);
            System.arraycopy(state, 0, layer2Inputs, 0, hidden);
            System.arraycopy(state, 2 * hidden, layer2Inputs, hidden, hidden);
        }

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
                computeTile(m);
                valueBuffer.put(valueBase + start, values, 0, m);
                for (int r = 0; r < stateSize; r++) {
                    stateBuffer.put(tileBase + r * m, state[r], 0, m);
                }
            }
        }

        /** The math of {@link OptimizerGraph#step} for the {@code m} coordinates in this chunk's scratch. */
        private void computeTile(int m) {
            preprocess(m);
            preActivations(layer1Inputs, layer1Weights, layer1Bias, m);
            cell(0, hidden, m);
            preActivations(layer2Inputs, layer2Weights, layer2Bias, m);
            cell(2 * hidden, 3 * hidden, m);
            output(m);
        }

        private void preprocess(int m) {
            if (!logSign) {
                System.arraycopy(values, 0, features[0], 0, m);
                return;
            }
            float[] logMagnitude = features[0];
            float[] signLike = features[1];
            for (int b = 0; b < m; b++) {
                logMagnitude[b] = Math.max((float) Math.log(Math.abs(values[b])) * inverseP, -1f);
            }
            for (int b = 0; b < m; b++) {
                signLike[b] = Math.max(-1f, Math.min(1f, values[b] * expP));
            }
        }

        /**
         * z = inputs·W + bias, one gate row at a time, four input rows per pass so each loaded z value takes
         * four multiply-adds.
         */
        private void preActivations(float[][] in, float[] weights, float[] bias, int m) {
            int g = gates;
            for (int j = 0; j < g; j++) {
                Arrays.fill(z[j], 0, m, bias[j]);
            }
            int k = 0;
            for (; k + 4 <= in.length; k += 4) {
                float[] x0 = in[k];
                float[] x1 = in[k + 1];
                float[] x2 = in[k + 2];
                float[] x3 = in[k + 3];
                for (int j = 0; j < g; j++) {
                    float w0 = weights[k * g + j];
                    float w1 = weights[(k + 1) * g + j];
                    float w2 = weights[(k + 2) * g + j];
                    float w3 = weights[(k + 3) * g + j];
                    float[] zj = z[j];
                    for (int b = 0; b < m; b++) {
                        zj[b] += w0 * x0[b] + w1 * x1[b] + w2 * x2[b] + w3 * x3[b];
                    }
                }
            }
            for (; k < in.length; k++) {
                float[] x = in[k];
                for (int j = 0; j < g; j++) {
                    float w = weights[k * g + j];
                    float[] zj = z[j];
                    for (int b = 0; b < m; b++) {
                        zj[b] += w * x[b];
                    }
                }
            }
        }

        /**
         * The LSTM cell from the gate rows in z: c ← σ(f)·c + σ(i)·tanh(c'), h ← σ(o)·tanh(c). Each pass
         * keeps one transcendental per loop body: the JIT only unrolls, and so vectorises, small loops.
         */
        private void cell(int hRow, int cRow, int m) {
            int h = hidden;
            for (int j = 0; j < gates; j++) {
                float[] gate = z[j];
                if (j >= 2 * h && j < 3 * h) {
                    for (int b = 0; b < m; b++) {
                        gate[b] = FastTanh.tanh(gate[b]);
                    }
                } else {
                    for (int b = 0; b < m; b++) {
                        gate[b] = FastTanh.sigmoid(gate[b]);
                    }
                }
            }
            for (int u = 0; u < h; u++) {
                float[] input = z[u];
                float[] forget = z[h + u];
                float[] candidate = z[2 * h + u];
                float[] output = z[3 * h + u];
                float[] c = state[cRow + u];
                float[] hOut = state[hRow + u];
                for (int b = 0; b < m; b++) {
                    c[b] = forget[b] * c[b] + input[b] * candidate[b];
                }
                for (int b = 0; b < m; b++) {
                    hOut[b] = FastTanh.tanh(c[b]);
                }
                for (int b = 0; b < m; b++) {
                    hOut[b] *= output[b];
                }
            }
        }

        private void output(int m) {
            Arrays.fill(values, 0, m, outputBias);
            for (int u = 0; u < hidden; u++) {
                float w = outputWeights[u];
                float[] h2 = state[2 * hidden + u];
                for (int b = 0; b < m; b++) {
                    values[b] += w * h2[b];
                }
            }
            for (int b = 0; b < m; b++) {
                values[b] *= outputMultiplier;
            }
        }
    }
}
