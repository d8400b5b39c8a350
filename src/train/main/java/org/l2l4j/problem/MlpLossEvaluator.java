package org.l2l4j.problem;

import java.util.Arrays;

/**
 * Forward and backward pass of an {@link MlpProblem} in plain Java. Weight rows are copied out of θ into
 * arrays of their own so that every inner loop runs over one index of distinct arrays, which the JIT
 * vectorises; MNIST's many zero pixels are skipped.
 */
final class MlpLossEvaluator implements LossEvaluator {

    private final MlpProblem problem;
    private final int batchSize;
    private final int layers;
    /** weights[l][k] is row k (input unit k) of layer l's [in, out] weights; gradients likewise. */
    private final float[][][] weights;
    private final float[][][] weightGradients;
    /** activations[l][b]: the input of layer l for example b (activations[0] is unused: the batch itself). */
    private final float[][][] activations;
    private final float[][][] deltas;
    private final double[] logits;

    MlpLossEvaluator(MlpProblem problem, int batchSize) {
        this.problem = problem;
        this.batchSize = batchSize;
        layers = problem.layers();
        weights = new float[layers][][];
        weightGradients = new float[layers][][];
        activations = new float[layers + 1][][];
        deltas = new float[layers][][];
        for (int l = 0; l < layers; l++) {
            weights[l] = new float[problem.in(l)][problem.out(l)];
            weightGradients[l] = new float[problem.in(l)][problem.out(l)];
            activations[l + 1] = new float[batchSize][problem.out(l)];
            deltas[l] = new float[batchSize][problem.out(l)];
        }
        logits = new double[problem.out(layers - 1)];
    }

    /** Summed cross-entropy and number of correct predictions over the first {@code count} examples. */
    record Scores(double lossSum, int correct) {
    }

    @Override
    public double lossAndGradient(float[] theta, Batch batch, float[] gradient) {
        float[] x = batch.get("x");
        copyWeights(theta);
        forward(theta, x, batchSize);
        double loss = outputDeltas(batch.get("labels"), batchSize);
        backward(x, gradient);
        return loss / batchSize;
    }

    Scores scores(float[] theta, Batch batch, int count) {
        copyWeights(theta);
        forward(theta, batch.get("x"), count);
        float[] labels = batch.get("labels");
        int classes = problem.out(layers - 1);
        int correct = 0;
        for (int b = 0; b < count; b++) {
            float[] z = activations[layers][b];
            int predicted = 0;
            for (int c = 1; c < classes; c++) {
                if (z[c] > z[predicted]) {
                    predicted = c;
                }
            }
            if (labels[b * classes + predicted] == 1f) {
                correct++;
            }
        }
        return new Scores(outputDeltas(labels, count), correct);
    }

    private void copyWeights(float[] theta) {
        for (int l = 0; l < layers; l++) {
            int offset = problem.weightOffset(l);
            int out = problem.out(l);
            for (int k = 0; k < problem.in(l); k++) {
                System.arraycopy(theta, offset + k * out, weights[l][k], 0, out);
            }
        }
    }

    private void forward(float[] theta, float[] x, int count) {
        for (int l = 0; l < layers; l++) {
            int in = problem.in(l);
            int out = problem.out(l);
            int biasOffset = problem.biasOffset(l);
            boolean hidden = l < layers - 1;
            for (int b = 0; b < count; b++) {
                float[] z = activations[l + 1][b];
                System.arraycopy(theta, biasOffset, z, 0, out);
                for (int k = 0; k < in; k++) {
                    float a = l == 0 ? x[b * in + k] : activations[l][b][k];
                    if (a == 0f) {
                        continue;
                    }
                    float[] w = weights[l][k];
                    for (int j = 0; j < out; j++) {
                        z[j] += a * w[j];
                    }
                }
                if (hidden) {
                    activate(z);
                }
            }
        }
    }

    private void activate(float[] z) {
        MlpActivation activation = problem.activation();
        for (int j = 0; j < z.length; j++) {
            z[j] = activation.apply(z[j]);
        }
    }

    /** Softmax cross-entropy: returns the summed loss and leaves (softmax - y) / B in the last deltas. */
    private double outputDeltas(float[] labels, int count) {
        int last = layers - 1;
        int classes = problem.out(last);
        double loss = 0;
        for (int b = 0; b < count; b++) {
            float[] z = activations[layers][b];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, z[c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                logits[c] = z[c] - max;
                sum += Math.exp(logits[c]);
            }
            double logSum = Math.log(sum);
            for (int c = 0; c < classes; c++) {
                double logProbability = logits[c] - logSum;
                float y = labels[b * classes + c];
                loss -= y * logProbability;
                deltas[last][b][c] = (float) ((Math.exp(logProbability) - y) / batchSize);
            }
        }
        return loss;
    }

    private void backward(float[] x, float[] gradient) {
        for (int l = layers - 1; l >= 0; l--) {
            int in = problem.in(l);
            int out = problem.out(l);
            float[][] gradientRows = weightGradients[l];
            for (float[] row : gradientRows) {
                Arrays.fill(row, 0f);
            }
            int biasOffset = problem.biasOffset(l);
            Arrays.fill(gradient, biasOffset, biasOffset + out, 0f);
            for (int b = 0; b < batchSize; b++) {
                float[] delta = deltas[l][b];
                for (int j = 0; j < out; j++) {
                    gradient[biasOffset + j] += delta[j];
                }
                for (int k = 0; k < in; k++) {
                    float a = l == 0 ? x[b * in + k] : activations[l][b][k];
                    if (a == 0f) {
                        continue;
                    }
                    float[] row = gradientRows[k];
                    for (int j = 0; j < out; j++) {
                        row[j] += a * delta[j];
                    }
                }
                if (l > 0) {
                    hiddenDeltas(l, b);
                }
            }
            int offset = problem.weightOffset(l);
            for (int k = 0; k < in; k++) {
                System.arraycopy(gradientRows[k], 0, gradient, offset + k * out, out);
            }
        }
    }

    /** δ of layer l-1 for example b: (δ_l Wᵀ) ⊙ act'(z), with act' from the activation's output a. */
    private void hiddenDeltas(int l, int b) {
        float[] delta = deltas[l][b];
        float[] a = activations[l][b];
        float[] previous = deltas[l - 1][b];
        MlpActivation activation = problem.activation();
        for (int k = 0; k < a.length; k++) {
            float[] w = weights[l][k];
            double sum = 0;
            for (int j = 0; j < delta.length; j++) {
                sum += w[j] * delta[j];
            }
            previous[k] = (float) (sum * activation.derivativeFromOutput(a[k]));
        }
    }
}
