package org.l2l4j.meta;

import org.l2l4j.problem.BatchSource;
import org.l2l4j.problem.FinalMetrics;
import org.l2l4j.problem.LossEvaluator;
import org.l2l4j.problem.Problem;
import org.l2l4j.problem.SameDiffLoss;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.Map;

/**
 * A problem that passes everything to another, for test problems that change one thing about it. Its SameDiff loss
 * is the other problem's, which must have one.
 */
abstract class ForwardingProblem implements Problem, SameDiffLoss {

    final Problem problem;

    ForwardingProblem(Problem problem) {
        this.problem = problem;
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
    public float[] initialParameters(long seed) {
        return problem.initialParameters(seed);
    }

    @Override
    public BatchSource batches(long seed) {
        return problem.batches(seed);
    }

    @Override
    public Map<String, long[]> batchShapes() {
        return ((SameDiffLoss) problem).batchShapes();
    }

    @Override
    public SDVariable loss(SameDiff sd, SDVariable theta, Map<String, SDVariable> batch) {
        return ((SameDiffLoss) problem).loss(sd, theta, batch);
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
