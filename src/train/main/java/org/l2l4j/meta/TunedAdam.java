package org.l2l4j.meta;

import org.l2l4j.optimizer.FloatSegments;
import org.l2l4j.optimizer.OffHeapFloats;
import org.l2l4j.problem.BatchSource;
import org.l2l4j.problem.LossEvaluator;
import org.l2l4j.problem.Problem;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The yardstick of {@link MetaTrainingConfig.Selection#RATIO_TO_ADAM}: DL4J's Adam, its learning rate tuned on a
 * grid, on the validation runs of a problem (same θ_0 and minibatches as the learned optimizer's), scored by the
 * final loss on the problem's data.
 */
final class TunedAdam {

    /** Half decades around Adam's usual rates. */
    static final double[] LEARNING_RATES = {1e-3, 3e-3, 1e-2, 3e-2, 1e-1};

    private TunedAdam() {
    }

    /** The lowest mean final loss over the runs with these seeds among the grid's learning rates. */
    static double bestMeanFinalLoss(Problem problem, int steps, long[] seeds) {
        double best = Double.POSITIVE_INFINITY;
        for (double rate : LEARNING_RATES) {
            double sum = 0;
            for (long seed : seeds) {
                sum += finalLoss(problem, steps, seed, rate);
            }
            double mean = sum / seeds.length;
            if (mean < best) { // NaN (a diverged rate) never wins
                best = mean;
            }
        }
        if (!Double.isFinite(best)) {
            throw new IllegalStateException("Adam diverged at every learning rate of " + java.util.Arrays.toString(
                    LEARNING_RATES) + " on " + problem.describe() + "; it cannot be a yardstick there");
        }
        return best;
    }

    /** The final loss of one run of {@code steps} Adam steps, as the learned optimizer's runs take them. */
    static double finalLoss(Problem problem, int steps, long seed, double rate) {
        float[] theta = problem.initialParameters(seed);
        int n = theta.length;
        float[] gradient = new float[n];
        INDArray update = Nd4j.create(DataType.FLOAT, 1, n);
        FloatSegments updateFloats = OffHeapFloats.of(update, "update");
        GradientUpdater<?> adam = new Adam(rate).instantiate(Nd4j.create(DataType.FLOAT, 1, 2L * n), true);
        LossEvaluator evaluator = problem.evaluator();
        BatchSource batches = problem.batches(seed);
        for (int t = 0; t < steps; t++) {
            evaluator.lossAndGradient(theta, batches.next(), gradient);
            updateFloats.put(0, gradient, 0, n);
            adam.applyUpdater(update, t, 0);
            float[] step = gradient; // the update overwrites the gradient it was made from
            updateFloats.get(0, step, 0, n);
            for (int i = 0; i < n; i++) {
                theta[i] -= step[i];
            }
        }
        return problem.finalMetrics(theta, seed).loss();
    }
}
