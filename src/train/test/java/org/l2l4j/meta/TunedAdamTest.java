package org.l2l4j.meta;

import org.junit.jupiter.api.Test;
import org.l2l4j.problem.BatchSource;
import org.l2l4j.problem.LossEvaluator;
import org.l2l4j.problem.QuadraticProblem;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The validation yardstick is Adam (Kingma and Ba 2015, Algorithm 1), checked against the algorithm by hand. */
class TunedAdamTest {

    private static final QuadraticProblem PROBLEM = new QuadraticProblem(4, 5);
    private static final int STEPS = 30;

    @Test
    void runsAdamAsTheAlgorithmStates() {
        for (double rate : TunedAdam.LEARNING_RATES) {
            double expected = handWrittenAdam(rate, 7);
            assertEquals(expected, TunedAdam.finalLoss(PROBLEM, STEPS, 7, rate), 1e-4 * Math.abs(expected),
                    "learning rate " + rate);
        }
    }

    @Test
    void keepsTheBestLearningRatesMeanOverTheRuns() {
        long[] seeds = {-1, -2};
        double best = Double.POSITIVE_INFINITY;
        for (double rate : TunedAdam.LEARNING_RATES) {
            best = Math.min(best, (handWrittenAdam(rate, -1) + handWrittenAdam(rate, -2)) / 2);
        }
        assertEquals(best, TunedAdam.bestMeanFinalLoss(PROBLEM, STEPS, seeds), 1e-4 * best);
    }

    /** β1 0.9, β2 0.999, ε 1e-8, bias-corrected, in double. */
    private static double handWrittenAdam(double rate, long seed) {
        float[] theta = PROBLEM.initialParameters(seed);
        double[] m = new double[theta.length];
        double[] v = new double[theta.length];
        float[] gradient = new float[theta.length];
        LossEvaluator evaluator = PROBLEM.evaluator();
        BatchSource batches = PROBLEM.batches(seed);
        for (int t = 1; t <= STEPS; t++) {
            evaluator.lossAndGradient(theta, batches.next(), gradient);
            for (int i = 0; i < theta.length; i++) {
                m[i] = 0.9 * m[i] + 0.1 * gradient[i];
                v[i] = 0.999 * v[i] + 0.001 * gradient[i] * gradient[i];
                double mHat = m[i] / (1 - Math.pow(0.9, t));
                double vHat = v[i] / (1 - Math.pow(0.999, t));
                theta[i] -= (float) (rate * mHat / (Math.sqrt(vHat) + 1e-8));
            }
        }
        return PROBLEM.finalMetrics(theta, seed).loss();
    }
}
