package org.l2l4j.optimizer;

import java.util.Arrays;

/**
 * The fast implementation of the optimizer's math, forward and backward, over a range [from, to) of
 * coordinates. Every quantity is a row: one float array holding that quantity for each coordinate, so each
 * inner loop runs over coordinates at the same index of distinct arrays, the form the JIT vectorises (slices
 * of one array at different offsets ran 3-4x slower). Loops keep one transcendental each: the JIT only
 * unrolls, and so vectorises, small loop bodies.
 *
 * <p>It computes what {@link OptimizerGraph} defines; tests hold the step and the meta-gradient equal to it.
 * Instances are immutable and shared between threads; scratch belongs to the caller.
 */
public final class TiledLstm {

    private final int hidden;
    private final int gates;
    private final int inputs;
    private final GradientPreprocessing.Kind preprocessing;
    private final float inverseP;
    private final float expP;
    private final float outputScale;
    /** The nominal direction (its range c_t and α), or null for the paper's step. */
    private final NominalDirection nominalDirection;
    private final int outputCount;
    /** [inputs + hidden, gates]: the input weights stacked on the recurrent weights. */
    private final float[] layer1Weights;
    private final float[] layer1Bias;
    /** [2·hidden, gates]. */
    private final float[] layer2Weights;
    private final float[] layer2Bias;
    /** outputWeights[j]: the output layer's column j, one weight per hidden unit. */
    private final float[][] outputWeights;
    private final float[] outputBias;
    /** Whether the hot loops run as {@link VectorLoops}; the scalar loops finish what they leave. */
    private final boolean vectorised;

    /** The kernel for φ, vectorised when this JVM has the Vector API ({@link Kernels#VECTOR_API}). */
    public TiledLstm(LearnedOptimizer phi) {
        this(phi, Kernels.VECTOR_API);
    }

    /** The kernel for φ, with the vectorised loops or, given {@code false}, the scalar ones only. */
    public TiledLstm(LearnedOptimizer phi, boolean vectorised) {
        if (vectorised && !Kernels.VECTOR_API) {
            throw new IllegalStateException("the vectorised kernel needs --add-modules jdk.incubator.vector");
        }
        this.vectorised = vectorised;
        OptimizerShape shape = phi.shape();
        hidden = shape.hiddenSize();
        gates = shape.gateWidth();
        inputs = shape.inputSize();
        preprocessing = shape.preprocessing().kind();
        boolean scaled = preprocessing != GradientPreprocessing.Kind.IDENTITY;
        inverseP = scaled ? 1f / shape.preprocessing().p() : 0f;
        expP = preprocessing == GradientPreprocessing.Kind.LOG_SIGN ? (float) Math.exp(shape.preprocessing().p()) : 0f;
        outputScale = shape.outputScale();
        nominalDirection = shape.nominal();
        outputCount = shape.outputCount();
        layer1Weights = concat(phi.tensor(PhiTensor.LAYER1_INPUT_WEIGHTS), phi.tensor(PhiTensor.LAYER1_RECURRENT_WEIGHTS));
        layer1Bias = phi.tensor(PhiTensor.LAYER1_BIAS);
        layer2Weights = concat(phi.tensor(PhiTensor.LAYER2_INPUT_WEIGHTS), phi.tensor(PhiTensor.LAYER2_RECURRENT_WEIGHTS));
        layer2Bias = phi.tensor(PhiTensor.LAYER2_BIAS);
        float[] weights = phi.tensor(PhiTensor.OUTPUT_WEIGHTS);
        outputWeights = new float[outputCount][hidden];
        for (int u = 0; u < hidden; u++) {
            for (int j = 0; j < outputCount; j++) {
                outputWeights[j][u] = weights[u * outputCount + j];
            }
        }
        outputBias = phi.tensor(PhiTensor.OUTPUT_BIAS);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    public int hidden() {
        return hidden;
    }

    public int gates() {
        return gates;
    }

    public int inputs() {
        return inputs;
    }

    /** Rows of the linear layer's outputs: {@link OptimizerShape#outputCount()}. */
    public int outputs() {
        return outputCount;
    }

    /**
     * {@link GradientPreprocessing} of {@code gradient[from, to)} into the feature rows. The moment preprocessing
     * reads the moments m₁, m₂, v from the rows {@code moments} and writes them, advanced by the gradient, to
     * {@code nextMoments} (which may be the same rows); the others keep no moments and ignore both.
     */
    public void preprocess(float[] gradient, float[][] moments, float[][] nextMoments, float[][] features, int from,
                           int to) {
        if (preprocessing == GradientPreprocessing.Kind.MOMENTS) {
            momentFeatures(gradient, moments, nextMoments, features, from, to);
            return;
        }
        if (preprocessing == GradientPreprocessing.Kind.IDENTITY) {
            System.arraycopy(gradient, from, features[0], from, to - from);
            return;
        }
        float[] logMagnitude = features[0];
        float[] signLike = features[1];
        // Scalar on purpose: the Vector API's logarithm is a different routine once the JIT has compiled it than
        // before, so its last bit would depend on when a step ran, and runs would no longer repeat bit for bit.
        for (int b = from; b < to; b++) {
            logMagnitude[b] = Math.max((float) Math.log(Math.abs(gradient[b])) * inverseP, -1f);
        }
        for (int b = from; b < to; b++) {
            signLike[b] = Math.max(-1f, Math.min(1f, gradient[b] * expP));
        }
    }

    /**
     * The moments advanced as {@link OptimizerGraph#advanceMoments} defines, and the features of its
     * momentFeatures, both from the gradient clamped to ±{@link GradientPreprocessing#MOMENT_GRADIENT_BOUND}. The
     * momenta are advanced before v, whose old value says whether they start here.
     */
    private void momentFeatures(float[] rawGradient, float[][] moments, float[][] nextMoments, float[][] features,
                                int from, int to) {
        // the bounded gradient, held in the first feature's row until g/s replaces it
        float[] gradient = features[0];
        float bound = GradientPreprocessing.MOMENT_GRADIENT_BOUND;
        for (int b = from; b < to; b++) {
            gradient[b] = Math.max(-bound, Math.min(bound, rawGradient[b]));
        }
        float[] v = moments[2];
        advance(moments[0], nextMoments[0], GradientPreprocessing.FAST_MOMENTUM, gradient, v, from, to);
        advance(moments[1], nextMoments[1], GradientPreprocessing.SLOW_MOMENTUM, gradient, v, from, to);
        float[] nextV = nextMoments[2];
        float keep = GradientPreprocessing.SECOND_MOMENT;
        for (int b = from; b < to; b++) {
            float squared = gradient[b] * gradient[b];
            nextV[b] = v[b] > 0f ? keep * v[b] + (1f - keep) * squared : squared;
        }
        // s = √v + ε, held in the scale feature's row until its logarithm replaces it
        float[] s = features[3];
        for (int b = from; b < to; b++) {
            s[b] = (float) Math.sqrt(nextV[b]) + GradientPreprocessing.EPSILON;
        }
        float[] m1 = nextMoments[0];
        float[] m2 = nextMoments[1];
        for (int b = from; b < to; b++) {
            gradient[b] = gradient[b] / s[b];
            features[1][b] = m1[b] / s[b];
            features[2][b] = m2[b] / s[b];
        }
        // scalar, as the log-sign preprocessing's logarithm, so that runs repeat bit for bit
        for (int b = from; b < to; b++) {
            s[b] = (float) Math.log(s[b]) * inverseP;
        }
    }

    /** One momentum m ← β·m + (1 − β)·g, or m = g where v is still zero (its first non-zero gradient). */
    private static void advance(float[] m, float[] next, float beta, float[] gradient, float[] v, int from, int to) {
        for (int b = from; b < to; b++) {
            float g = gradient[b];
            next[b] = v[b] > 0f ? beta * m[b] + (1f - beta) * g : g;
        }
    }

    /**
     * One LSTM layer (1 or 2) forward: {@code gates} receives the activated gates i, f, c', o; c ← f·cPrev + i·c';
     * h ← o·tanh(c). {@code in} are the layer's input rows followed by its previous h rows. {@code cOut} may be
     * {@code cPrev}, and {@code hOut} may be the previous h rows, for an in-place step.
     */
    public void layerForward(int layer, float[][] in, float[][] gates, float[][] cPrev, float[][] cOut, float[][] hOut,
                             int from, int to) {
        float[] weights = layer == 1 ? layer1Weights : layer2Weights;
        float[] bias = layer == 1 ? layer1Bias : layer2Bias;
        preActivations(in, weights, bias, gates, from, to);
        int h = hidden;
        for (int j = 0; j < this.gates; j++) {
            float[] gate = gates[j];
            boolean sigmoid = j < 2 * h || j >= 3 * h;
            int b = vectorised ? VectorLoops.activate(gate, sigmoid, from, to) : from;
            if (sigmoid) {
                for (; b < to; b++) {
                    gate[b] = FastTanh.sigmoid(gate[b]);
                }
            } else {
                for (; b < to; b++) {
                    gate[b] = FastTanh.tanh(gate[b]);
                }
            }
        }
        for (int u = 0; u < h; u++) {
            float[] input = gates[u];
            float[] forget = gates[h + u];
            float[] candidate = gates[2 * h + u];
            float[] output = gates[3 * h + u];
            float[] previous = cPrev[u];
            float[] c = cOut[u];
            float[] hu = hOut[u];
            int done = vectorised ? VectorLoops.cell(input, forget, candidate, output, previous, c, hu, TINY, from, to)
                    : from;
            for (int b = done; b < to; b++) {
                c[b] = forget[b] * previous[b] + input[b] * candidate[b];
            }
            for (int b = done; b < to; b++) {
                hu[b] = FastTanh.tanh(c[b]);
            }
            for (int b = done; b < to; b++) {
                hu[b] *= output[b];
            }
            flushTiny(c, done, to);
            flushTiny(hu, done, to);
        }
    }

    /** {@link #flushTiny} with the vectorised loop where this kernel has it. */
    private void flush(float[] row, int from, int to) {
        flushTiny(row, vectorised ? VectorLoops.flushTiny(row, TINY, from, to) : from, to);
    }

    /** Below this magnitude values are set to zero: see {@link #flushTiny}. */
    static final float TINY = 1e-30f;

    /**
     * Sets values of magnitude below 1e-30 to zero. A cell state that decays geometrically (a forget gate below
     * one and no input, as for a coordinate whose gradient is always zero) reaches subnormal floats after a few
     * hundred steps, and subnormal arithmetic is many times slower on x86: a meta-trained φ made whole
     * meta-training epochs three times slower. Java cannot set the processor's flush-to-zero mode, so the kernel
     * flushes itself; the values it drops are 1e-30 of the ordinary ones, far below float resolution.
     */
    static void flushTiny(float[] row, int from, int to) {
        for (int b = from; b < to; b++) {
            if (Math.abs(row[b]) < TINY) {
                row[b] = 0f;
            }
        }
    }

    /** z = in·W + bias, one gate row at a time, four input rows per pass so each loaded z takes four multiply-adds. */
    private void preActivations(float[][] in, float[] weights, float[] bias, float[][] z, int from, int to) {
        if (vectorised) {
            from = VectorLoops.matrixRows(in, weights, 1, gates, bias, z, 0, from, to);
        }
        int g = gates;
        for (int j = 0; j < g; j++) {
            Arrays.fill(z[j], from, to, bias[j]);
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
                for (int b = from; b < to; b++) {
                    zj[b] += w0 * x0[b] + w1 * x1[b] + w2 * x2[b] + w3 * x3[b];
                }
            }
        }
        for (; k < in.length; k++) {
            float[] x = in[k];
            for (int j = 0; j < g; j++) {
                float w = weights[k * g + j];
                float[] zj = z[j];
                for (int b = from; b < to; b++) {
                    zj[b] += w * x[b];
                }
            }
        }
    }

    /**
     * The outputs o = h2·W + b into the rows {@code outputs} ({@link #outputs()} of them) and the step, times
     * {@code sign}, into {@code step[from, to)}: η·o, or with a nominal direction −η·e^(c_t·tanh o₂)·(d + α_t·tanh o₁),
     * with d the nominal feature of {@code features}, and c_t the factor's range and α_t the learned share at step
     * {@code stepIndex} of the run ({@link NominalDirection#scaleRangeAt}, {@link NominalDirection#learnedShareAt}).
     * With a nominal direction the rows keep tanh o, all that the
     * step and its backward read of them.
     */
    public void output(float[][] h2, float[][] features, float[][] outputs, float[] step, float sign, long stepIndex,
                       int from, int to) {
        for (int j = 0; j < outputCount; j++) {
            float[] o = outputs[j];
            float[] w = outputWeights[j];
            int done = vectorised ? VectorLoops.dot(h2, w, outputBias[j], o, from, to) : from;
            Arrays.fill(o, done, to, outputBias[j]);
            for (int u = 0; u < hidden; u++) {
                float wu = w[u];
                float[] row = h2[u];
                for (int b = done; b < to; b++) {
                    o[b] += wu * row[b];
                }
            }
        }
        if (nominalDirection == null) {
            float multiplier = sign * outputScale;
            float[] o = outputs[0];
            for (int b = from; b < to; b++) {
                step[b] = o[b] * multiplier;
            }
            return;
        }
        float[] direction = features[GradientPreprocessing.NOMINAL_FEATURE];
        float[] learned = outputs[0];
        float[] scaleTanh = outputs[1];
        for (float[] row : outputs) {
            for (int b = vectorised ? VectorLoops.activate(row, false, from, to) : from; b < to; b++) {
                row[b] = FastTanh.tanh(row[b]);
            }
        }
        // Scalar on purpose, as the preprocessing's logarithm: the Vector API's exponential is a different routine
        // before the JIT compiles it than after, so runs would not repeat bit for bit.
        float multiplier = -sign * outputScale;
        float scaleRange = nominalDirection.scaleRangeAt(stepIndex);
        float learnedShare = nominalDirection.learnedShareAt(stepIndex);
        for (int b = from; b < to; b++) {
            float scale = (float) Math.exp(scaleTanh[b] * scaleRange);
            step[b] = scale * (direction[b] + learned[b] * learnedShare) * multiplier;
        }
    }

    /**
     * Backward of {@link #output} (with sign +1) at step {@code stepIndex}: from dL/dstep adds to the output layer's
     * gradients and sets dh2 = W·dL/do + dh2Carry. {@code outputs} are the rows {@link #output} wrote (tanh o with a
     * nominal direction).
     */
    public void outputBackward(float[] stepGradient, float[][] h2, float[][] features, float[][] outputs,
                               float[][] dh2Carry, float[][] dh2, PhiGradient accumulator, long stepIndex, int from,
                               int to) {
        float[][] dOut = accumulator.outputRows;
        if (nominalDirection == null) {
            float[] d = dOut[0];
            for (int b = from; b < to; b++) {
                d[b] = outputScale * stepGradient[b];
            }
        } else {
            float[] direction = features[GradientPreprocessing.NOMINAL_FEATURE];
            float[] tanh1 = outputs[0];
            float[] tanh2 = outputs[1];
            float[] d1 = dOut[0];
            float[] d2 = dOut[1];
            float scaleRange = nominalDirection.scaleRangeAt(stepIndex);
            float learnedShare = nominalDirection.learnedShareAt(stepIndex);
            for (int b = from; b < to; b++) {
                float learned = tanh1[b];
                float scaleTanh = tanh2[b];
                float scaled = -outputScale * (float) Math.exp(scaleTanh * scaleRange) * stepGradient[b];
                d1[b] = scaled * learnedShare * (1f - learned * learned);
                d2[b] = scaled * (direction[b] + learned * learnedShare) * scaleRange * (1f - scaleTanh * scaleTanh);
            }
        }
        for (int j = 0; j < outputCount; j++) {
            double sum = 0;
            float[] d = dOut[j];
            for (int b = from; b < to; b++) {
                sum += d[b];
            }
            accumulator.outputBias[j] += sum;
        }
        for (int u = 0; u < hidden; u++) {
            float[] h = h2[u];
            float[] carry = dh2Carry[u];
            float[] dh = dh2[u];
            System.arraycopy(carry, from, dh, from, to - from);
            for (int j = 0; j < outputCount; j++) {
                float w = outputWeights[j][u];
                float[] d = dOut[j];
                double sum = 0;
                for (int b = from; b < to; b++) {
                    sum += d[b] * h[b];
                    dh[b] += w * d[b];
                }
                accumulator.outputWeights[u * outputCount + j] += sum;
            }
            flush(dh, from, to);
        }
    }

    /**
     * Backward of one {@link #layerForward}. {@code dh} is dL/dh of this layer at this step; {@code dc} holds
     * dL/dc carried from the next step and leaves holding dL/dcPrev. The gradients of the layer's weights and
     * bias are added to {@code accumulator}, and dL/d(in row k) is written to {@code dIn[k]} for the rows
     * {@code firstInputGradient} and up (earlier rows, such as preprocessed gradients, are constants).
     */
    public void layerBackward(int layer, float[][] in, float[][] gates, float[][] cPrev, float[][] c, float[][] dh,
                              float[][] dc, float[][] dz, float[][] dIn, int firstInputGradient,
                              PhiGradient accumulator, int from, int to) {
        int h = hidden;
        float[] tanhC = accumulator.scratchRow;
        int done = vectorised ? VectorLoops.cellBackward(gates, c, cPrev, dh, dc, dz, h, from, to) : from;
        for (int u = 0; u < h; u++) {
            float[] output = gates[3 * h + u];
            float[] cu = c[u];
            float[] dhu = dh[u];
            float[] dcu = dc[u];
            float[] dzOutput = dz[3 * h + u];
            for (int b = done; b < to; b++) {
                tanhC[b] = FastTanh.tanh(cu[b]);
            }
            for (int b = done; b < to; b++) {
                float o = output[b];
                float t = tanhC[b];
                dzOutput[b] = dhu[b] * t * o * (1f - o);
                dcu[b] = dhu[b] * o * (1f - t * t) + dcu[b];
            }
        }
        for (int u = 0; u < h; u++) {
            float[] input = gates[u];
            float[] forget = gates[h + u];
            float[] candidate = gates[2 * h + u];
            float[] previous = cPrev[u];
            float[] dcu = dc[u];
            float[] dzInput = dz[u];
            float[] dzForget = dz[h + u];
            float[] dzCandidate = dz[2 * h + u];
            for (int b = done; b < to; b++) {
                float i = input[b];
                float g = candidate[b];
                float f = forget[b];
                float d = dcu[b];
                dzInput[b] = d * g * i * (1f - i);
                dzCandidate[b] = d * i * (1f - g * g);
                dzForget[b] = d * previous[b] * f * (1f - f);
                dcu[b] = d * f;
            }
        }
        for (float[] row : dz) {
            flush(row, from, to);
        }
        for (float[] row : dc) {
            flush(row, from, to);
        }
        float[] weights = layer == 1 ? layer1Weights : layer2Weights;
        accumulator.addLayer(layer, in, dz, vectorised, from, to);
        inputGradients(weights, dz, dIn, firstInputGradient, from, to);
    }

    /** dIn_k = Σ_j W[k][j] · dz_j for k ≥ first, four gate rows per pass. */
    private void inputGradients(float[] weights, float[][] dz, float[][] dIn, int first, int from, int to) {
        if (vectorised) {
            int done = VectorLoops.matrixRows(dz, weights, gates, 1, null, dIn, first, from, to);
            for (int k = first; k < dIn.length; k++) {
                flush(dIn[k], from, done);
            }
            from = done;
        }
        int g = gates;
        for (int k = first; k < dIn.length; k++) {
            float[] d = dIn[k];
            Arrays.fill(d, from, to, 0f);
            int row = k * g;
            for (int j = 0; j + 4 <= g; j += 4) {
                float w0 = weights[row + j];
                float w1 = weights[row + j + 1];
                float w2 = weights[row + j + 2];
                float w3 = weights[row + j + 3];
                float[] z0 = dz[j];
                float[] z1 = dz[j + 1];
                float[] z2 = dz[j + 2];
                float[] z3 = dz[j + 3];
                for (int b = from; b < to; b++) {
                    d[b] += w0 * z0[b] + w1 * z1[b] + w2 * z2[b] + w3 * z3[b];
                }
            }
            flushTiny(d, from, to);
        }
    }

    /**
     * A new, zeroed gradient accumulator for a φ of {@code shape}, with scratch rows for {@code rowLength}
     * coordinates. It holds no weights, so one accumulator serves every φ of that shape: see {@link PhiGradient#clear}.
     */
    public static PhiGradient newGradient(OptimizerShape shape, int rowLength) {
        return new PhiGradient(shape, rowLength);
    }

    /**
     * dL/dφ summed over the coordinates and steps one thread processed, in the layout of
     * {@link LearnedOptimizer#parameters()}.
     */
    public static final class PhiGradient {
        private final int gates;
        private final float[][] layer1Weights;
        private final float[][] layer2Weights;
        /**
         * The vectorised loops' share of dW and of the biases' gradients, lane by lane
         * ({@link VectorLoops#addOuterProductLanes}, {@link VectorLoops#addRowLanes}); empty without the Vector API.
         * A gradient is its lanes summed plus what the scalar loops add to the rows above and below.
         */
        private final float[] layer1Lanes;
        private final float[] layer2Lanes;
        private final float[] layer1BiasLanes;
        private final float[] layer2BiasLanes;
        private final double[] layer1Bias;
        private final double[] layer2Bias;
        /** [hidden, outputs], row-major as in φ. */
        private final double[] outputWeights;
        private final double[] outputBias;
        private final float[] scratchRow;
        /** dL/do, one row per output. */
        private final float[][] outputRows;
        private final float[][] transposed;

        private PhiGradient(OptimizerShape shape, int rowLength) {
            gates = shape.gateWidth();
            int hidden = shape.hiddenSize();
            layer1Weights = new float[shape.inputSize() + hidden][gates];
            layer2Weights = new float[2 * hidden][gates];
            layer1Lanes = new float[(shape.inputSize() + hidden) * gates * vectorLanes()];
            layer2Lanes = new float[2 * hidden * gates * vectorLanes()];
            layer1BiasLanes = new float[gates * vectorLanes()];
            layer2BiasLanes = new float[gates * vectorLanes()];
            layer1Bias = new double[gates];
            layer2Bias = new double[gates];
            outputWeights = new double[hidden * shape.outputCount()];
            outputBias = new double[shape.outputCount()];
            scratchRow = new float[rowLength];
            outputRows = new float[shape.outputCount()][rowLength];
            transposed = new float[rowLength][gates];
        }

        /** The bytes of the arrays an accumulator for {@code rowLength} coordinates holds (headers aside). */
        public static long bytesFor(OptimizerShape shape, int rowLength) {
            int gates = shape.gateWidth();
            int hidden = shape.hiddenSize();
            int outputs = shape.outputCount();
            long weightRows = shape.inputSize() + 3L * hidden;
            long floats = weightRows * gates * (1 + vectorLanes()) + 2L * gates * vectorLanes()
                    + (1L + outputs) * rowLength + (long) rowLength * gates;
            long doubles = 2L * gates + (long) (hidden + 1) * outputs;
            return Float.BYTES * floats + Double.BYTES * doubles;
        }

        /** Zeroes the sums, so the accumulator can gather the next meta-gradient, of this φ or another of its shape. */
        public void clear() {
            for (float[] row : layer1Weights) {
                Arrays.fill(row, 0f);
            }
            for (float[] row : layer2Weights) {
                Arrays.fill(row, 0f);
            }
            Arrays.fill(layer1Lanes, 0f);
            Arrays.fill(layer2Lanes, 0f);
            Arrays.fill(layer1BiasLanes, 0f);
            Arrays.fill(layer2BiasLanes, 0f);
            Arrays.fill(layer1Bias, 0);
            Arrays.fill(layer2Bias, 0);
            Arrays.fill(outputWeights, 0);
            Arrays.fill(outputBias, 0);
        }

        /** Lanes of a vector of the Vector API, or 0 where this JVM runs the scalar loops only. */
        private static int vectorLanes() {
            return Kernels.VECTOR_API ? VectorLoops.LANES : 0;
        }

        /**
         * dW[k][j] += in_k[b] · dz_j[b] and dBias[j] += dz_j[b] for every coordinate b. The vectorised loops take the
         * whole vectors of coordinates into their lanes; the rest is added here, with dz first transposed to one gate
         * vector per coordinate, so the update of dW row k is a loop over gates rather than a reduction.
         */
        private void addLayer(int layer, float[][] in, float[][] dz, boolean vectorised, int from, int to) {
            float[][] dW = layer == 1 ? layer1Weights : layer2Weights;
            double[] dBias = layer == 1 ? layer1Bias : layer2Bias;
            int g = gates;
            int done = from;
            if (vectorised) {
                VectorLoops.addOuterProductLanes(in, dz, layer == 1 ? layer1Lanes : layer2Lanes, from, to);
                done = VectorLoops.addRowLanes(dz, layer == 1 ? layer1BiasLanes : layer2BiasLanes, from, to);
            }
            for (int j = 0; j < g; j++) {
                float[] row = dz[j];
                double sum = 0;
                for (int b = done; b < to; b++) {
                    sum += row[b];
                }
                dBias[j] += sum;
            }
            for (int j = 0; j < g; j++) {
                float[] row = dz[j];
                for (int b = done; b < to; b++) {
                    transposed[b][j] = row[b];
                }
            }
            for (int k = 0; k < in.length; k++) {
                float[] x = in[k];
                float[] dWk = dW[k];
                for (int b = done; b < to; b++) {
                    float xv = x[b];
                    if (xv == 0f) {
                        continue;
                    }
                    float[] d = transposed[b];
                    for (int j = 0; j < g; j++) {
                        dWk[j] += xv * d[j];
                    }
                }
            }
        }

        /** Adds this accumulator's sums into {@code flat}, laid out as φ's parameters. */
        public void addTo(double[] flat, OptimizerShape shape) {
            addRows(flat, PhiTensor.LAYER1_INPUT_WEIGHTS.offset(shape), layer1Weights);
            addRows(flat, PhiTensor.LAYER2_INPUT_WEIGHTS.offset(shape), layer2Weights);
            addLanes(flat, PhiTensor.LAYER1_INPUT_WEIGHTS.offset(shape), layer1Lanes);
            addLanes(flat, PhiTensor.LAYER2_INPUT_WEIGHTS.offset(shape), layer2Lanes);
            addLanes(flat, PhiTensor.LAYER1_BIAS.offset(shape), layer1BiasLanes);
            addLanes(flat, PhiTensor.LAYER2_BIAS.offset(shape), layer2BiasLanes);
            add(flat, PhiTensor.LAYER1_BIAS.offset(shape), layer1Bias);
            add(flat, PhiTensor.LAYER2_BIAS.offset(shape), layer2Bias);
            add(flat, PhiTensor.OUTPUT_WEIGHTS.offset(shape), outputWeights);
            add(flat, PhiTensor.OUTPUT_BIAS.offset(shape), outputBias);
        }

        /** The stacked input and recurrent weights are contiguous in φ's layout, so rows map one to one. */
        private static void addRows(double[] flat, int offset, float[][] rows) {
            for (int k = 0; k < rows.length; k++) {
                for (int j = 0; j < rows[k].length; j++) {
                    flat[offset + k * rows[k].length + j] += rows[k][j];
                }
            }
        }

        /** Each weight's lanes, summed: the lanes of weight i are lanes[i·LANES, (i + 1)·LANES). */
        private static void addLanes(double[] flat, int offset, float[] lanes) {
            int width = vectorLanes();
            for (int i = 0; width > 0 && i < lanes.length / width; i++) {
                double sum = 0;
                for (int lane = 0; lane < width; lane++) {
                    sum += lanes[i * width + lane];
                }
                flat[offset + i] += sum;
            }
        }

        private static void add(double[] flat, int offset, double[] values) {
            for (int i = 0; i < values.length; i++) {
                flat[offset + i] += values[i];
            }
        }
    }
}
