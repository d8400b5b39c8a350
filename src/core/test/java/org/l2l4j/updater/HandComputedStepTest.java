package org.l2l4j.updater;

import org.junit.jupiter.api.Test;
import org.l2l4j.optimizer.GradientPreprocessing;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerShape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * One coordinate through a tiny φ (hidden size 2), computed here by hand in double precision from the paper's
 * equations, against the DL4J updater's output, including a coordinate whose gradient is zero from the reset
 * state (which must not move).
 */
class HandComputedStepTest {

    private static final int H = 2;
    private static final double P = 10;
    private static final double SCALE = 0.1;

    @Test
    void twoStepsMatchAHandComputation() {
        OptimizerShape shape = new OptimizerShape(H, GradientPreprocessing.logSign((float) P), (float) SCALE);
        float[] params = new float[shape.parameterCount()];
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) (0.7 * Math.sin(1.3 * i + 0.4));
        }
        LearnedOptimizer phi = new LearnedOptimizer(shape, params);
        INDArray state = Nd4j.zeros(DataType.FLOAT, 1, 4 * H);
        GradientUpdater<?> updater = new LearnedUpdater(phi).instantiate(state, true);

        double[] hand = new double[4 * H]; // h1, c1, h2, c2
        // zero gradients from the reset state leave everything as it was; once the coordinate has moved, a zero
        // gradient is an ordinary LSTM input (preprocessed to (-1, 0)) and it keeps moving
        for (double gradient : new double[]{0, 0, 0.02, 0, -3e-6}) {
            boolean dormant = gradient == 0 && Arrays.stream(hand).allMatch(v -> v == 0);
            double expectedStep = dormant ? 0 : handStep(params, gradient, hand);
            INDArray g = Nd4j.scalar(DataType.FLOAT, gradient).reshape(1, 1);
            updater.applyUpdater(g, 0, 0);
            // DL4J subtracts the update, the paper adds the step
            if (dormant) {
                assertEquals(0f, g.getFloat(0), "the update of a coordinate whose gradient has always been zero");
            } else {
                assertNotEquals(0, expectedStep);
                assertEquals(-expectedStep, g.getDouble(0), 1e-5 * Math.abs(expectedStep));
            }
            for (int i = 0; i < hand.length; i++) {
                assertEquals(hand[i], state.getDouble(i), dormant ? 0 : 1e-6, "state " + i);
            }
        }
    }

    /** Paper Appendix A preprocessing, two LSTM layers (gates i, f, c', o), linear output, scale. */
    private static double handStep(float[] w, double g, double[] s) {
        double[] x = Math.abs(g) >= Math.exp(-P)
                ? new double[]{Math.log(Math.abs(g)) / P, Math.signum(g)}
                : new double[]{-1, Math.exp(P) * g};
        // layout: W1x [2,8], W1h [2,8], b1 [8], W2x [2,8], W2h [2,8], b2 [8], wOut [2], bOut
        int w1x = 0, w1h = 16, b1 = 32, w2x = 40, w2h = 56, b2 = 72, wOut = 80, bOut = 82;
        double[] h1 = cell(w, w1x, w1h, b1, x, s, 0, 2);
        cell(w, w2x, w2h, b2, h1, s, 4, 6);
        return SCALE * (w[wOut] * s[4] + w[wOut + 1] * s[5] + w[bOut]);
    }

    private static double[] cell(float[] w, int wx, int wh, int b, double[] x, double[] s, int h, int c) {
        double[] z = new double[4 * H];
        for (int j = 0; j < 4 * H; j++) {
            z[j] = w[b + j];
            for (int k = 0; k < x.length; k++) {
                z[j] += x[k] * w[wx + k * 4 * H + j];
            }
            for (int k = 0; k < H; k++) {
                z[j] += s[h + k] * w[wh + k * 4 * H + j];
            }
        }
        for (int j = 0; j < H; j++) {
            double input = sigmoid(z[j]);
            double forget = sigmoid(z[H + j]);
            double candidate = Math.tanh(z[2 * H + j]);
            double output = sigmoid(z[3 * H + j]);
            s[c + j] = forget * s[c + j] + input * candidate;
            s[h + j] = output * Math.tanh(s[c + j]);
        }
        return new double[]{s[h], s[h + 1]};
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
