package org.l2l4j.meta;

import org.l2l4j.problem.Batch;
import org.l2l4j.problem.BatchSource;
import org.l2l4j.problem.FinalMetrics;
import org.l2l4j.problem.LossEvaluator;
import org.l2l4j.problem.Problem;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A problem whose batch streams keep a copy of every batch they hand out, so a test can replay them. */
final class RecordingProblem implements Problem {

    private final Problem problem;
    final List<Batch> handedOut = new ArrayList<>();

    RecordingProblem(Problem problem) {
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
        BatchSource source = problem.batches(seed);
        return () -> {
            Batch batch = source.next();
            Map<String, float[]> copy = new HashMap<>();
            batch.arrays().forEach((name, values) -> copy.put(name, values.clone()));
            handedOut.add(new Batch(copy));
            return batch;
        };
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
