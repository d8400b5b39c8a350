package org.l2l4j.meta;

import org.l2l4j.problem.BatchSource;
import org.l2l4j.problem.FinalMetrics;
import org.l2l4j.problem.LossEvaluator;
import org.l2l4j.problem.Problem;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.Map;

/**
 * A problem whose run with one seed starts from a θ_0 holding a NaN, the first {@code times} times that run is
 * started: a divergence at a known epoch that a retry can get past.
 */
final class PoisonedProblem implements Problem {

    private final Problem problem;
    private final long poisonedSeed;
    private int timesLeft;

    PoisonedProblem(Problem problem, long poisonedSeed, int times) {
        this.problem = problem;
        this.poisonedSeed = poisonedSeed;
        this.timesLeft = times;
    }

    @Override
    public float[] initialParameters(long seed) {
        float[] theta = problem.initialParameters(seed);
        if (seed == poisonedSeed && timesLeft > 0) {
            timesLeft--;
            theta[0] = Float.NaN;
        }
        return theta;
    }

    @Override
    public String describe() {
        return problem.describe();
    }

    @Override
    public int parameterCount() {
        return problem.parameterCount();
    }

    @Override
    public BatchSource batches(long seed) {
        return problem.batches(seed);
    }

    @Override
    public Map<String, long[]> batchShapes() {
        return problem.batchShapes();
    }

    @Override
    public SDVariable loss(SameDiff sd, SDVariable theta, Map<String, SDVariable> batch) {
        return problem.loss(sd, theta, batch);
    }

    @Override
    public LossEvaluator evaluator() {
        return problem.evaluator();
    }

    @Override
    public FinalMetrics finalMetrics(float[] theta, long seed) {
        return problem.finalMetrics(theta, seed);
    }
}
