package org.l2l4j.optimizer;

import java.nio.FloatBuffer;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * The fast path for one optimizer step over N coordinates: preprocess, LSTM 1, LSTM 2, linear, scale. It
 * computes exactly the math of {@link OptimizerGraph} (the SameDiff definition and reference), and a test holds
 * the two equal.
 *
 * <p>Coordinates are independent, so they are cut into tiles of {@link #TILE} that fit in L1 cache, copied
 * from off-heap memory into per-thread scratch, updated there and copied back; the chunks of tiles run on both
 * cores. All scratch is allocated when the kernel is made, so a step allocates no arrays.
 *
 * <p>Per coordinate, the state holds 4·hidden floats in the order h1, c1, h2, c2.
 */
public final class StepKernel {

    /** Which way the output goes: DL4J subtracts its "update" from the parameters; the paper adds g_t. */
    public enum Output { STEP_TO_ADD, UPDATE_TO_SUBTRACT }

    static final int TILE = 64;

    private final int hidden;
    private final int gates;
    private final int inputs;
    private final int stateSize;
    private final boolean logSign;
    private final float inverseP;
    private final float expP;
    private final float outputMultiplier;
    private final float[] layer1Input;
    private final float[] layer1Recurrent;
    private final float[] layer1Bias;
    private final float[] layer2Input;
    private final float[] layer2Recurrent;
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
        layer1Input = phi.tensor(PhiTensor.LAYER1_INPUT_WEIGHTS);
        layer1Recurrent = phi.tensor(PhiTensor.LAYER1_RECURRENT_WEIGHTS);
        layer1Bias = phi.tensor(PhiTensor.LAYER1_BIAS);
        layer2Input = phi.tensor(PhiTensor.LAYER2_INPUT_WEIGHTS);
        layer2Recurrent = phi.tensor(PhiTensor.LAYER2_RECURRENT_WEIGHTS);
        layer2Bias = phi.tensor(PhiTensor.LAYER2_BIAS);
        outputWeights = phi.tensor(PhiTensor.OUTPUT_WEIGHTS);
        outputBias = phi.tensor(PhiTensor.OUTPUT_BIAS)[0];
        chunks = new Chunk[Math.max(1, Runtime.getRuntime().availableProcessors())];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = new Chunk();
        }
    }

    public int stateSize() {
        return stateSize;
    }

    /**
     * Replaces {@code count} gradients, starting at absolute index {@code gradientBase} of {@code values}, by
     * the optimizer's output, and advances their states, stored from {@code stateBase} of {@code states}.
     */
    public void step(FloatBuffer values, int gradientBase, FloatBuffer states, int stateBase, int count) {
        int tiles = (count + TILE - 1) / TILE;
        int workers = Math.min(chunks.length, tiles);
        int tilesPerWorker = (tiles + workers - 1) / workers;
        for (int w = 0; w < workers; w++) {
            int from = Math.min(count, w * tilesPerWorker * TILE);
            int to = Math.min(count, (w + 1) * tilesPerWorker * TILE);
            chunks[w].prepare(values, gradientBase, states, stateBase, from, to);
        }
        if (workers == 1) {
            chunks[0].compute();
        } else {
            ForkJoinTask.invokeAll(chunks);
        }
    }

    /** One thread's share of the coordinates, with its own scratch. Reused across steps. */
    private final class Chunk extends RecursiveAction {
        private final float[] values = new float[TILE];
        private final float[] state = new float[TILE * stateSize];
        private final float[] input = new float[TILE * inputs];
        private final float[] z = new float[gates];
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
                int n = Math.min(TILE, to - start);
                valueBuffer.get(valueBase + start, values, 0, n);
                stateBuffer.get(stateBase + start * stateSize, state, 0, n * stateSize);
                computeTile(n);
                valueBuffer.put(valueBase + start, values, 0, n);
                stateBuffer.put(stateBase + start * stateSize, state, 0, n * stateSize);
            }
        }

        /** The math of {@link OptimizerGraph#step}, for {@code n} coordinates held in this chunk's scratch. */
        void computeTile(int n) {
            preprocess(n);
            for (int b = 0; b < n; b++) {
                int h1 = b * stateSize;
                int c1 = h1 + hidden;
                int h2 = c1 + hidden;
                int c2 = h2 + hidden;
                preActivations(input, b * inputs, inputs, layer1Input, h1, layer1Recurrent, layer1Bias);
                cell(h1, c1);
                preActivations(state, h1, hidden, layer2Input, h2, layer2Recurrent, layer2Bias);
                cell(h2, c2);
                float out = outputBias;
                for (int j = 0; j < hidden; j++) {
                    out += outputWeights[j] * state[h2 + j];
                }
                values[b] = outputMultiplier * out;
            }
        }

        private void preprocess(int n) {
            if (logSign) {
                for (int b = 0; b < n; b++) {
                    float g = values[b];
                    input[2 * b] = Math.max((float) Math.log(Math.abs(g)) * inverseP, -1f);
                    input[2 * b + 1] = Math.max(-1f, Math.min(1f, g * expP));
                }
            } else {
                System.arraycopy(values, 0, input, 0, n);
            }
        }

        /** z = x·Wx + h·Wh + b for one coordinate; x is {@code width} floats at {@code xOffset} of {@code x}. */
        private void preActivations(float[] x, int xOffset, int width, float[] wx, int hOffset, float[] wh, float[] bias) {
            float[] z = this.z;
            int g = gates;
            System.arraycopy(bias, 0, z, 0, g);
            for (int k = 0; k < width; k++) {
                float a = x[xOffset + k];
                int row = k * g;
                for (int j = 0; j < g; j++) {
                    z[j] += a * wx[row + j];
                }
            }
            for (int k = 0; k < hidden; k++) {
                float a = state[hOffset + k];
                int row = k * g;
                for (int j = 0; j < g; j++) {
                    z[j] += a * wh[row + j];
                }
            }
        }

        /** The LSTM cell from the gate pre-activations in z: c = f·c + i·c', h = o·tanh(c). */
        private void cell(int hOffset, int cOffset) {
            float[] z = this.z;
            float[] s = state;
            int h = hidden;
            for (int j = 0; j < h; j++) {
                float i = FastTanh.sigmoid(z[j]);
                float f = FastTanh.sigmoid(z[h + j]);
                float candidate = FastTanh.tanh(z[2 * h + j]);
                float o = FastTanh.sigmoid(z[3 * h + j]);
                float c = f * s[cOffset + j] + i * candidate;
                s[cOffset + j] = c;
                s[hOffset + j] = o * FastTanh.tanh(c);
            }
        }
    }
}
