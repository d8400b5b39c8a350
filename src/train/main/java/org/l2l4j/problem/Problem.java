package org.l2l4j.problem;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.Map;

/**
 * An optimizee: a loss f(θ, batch) over a flat parameter vector θ, with seeded initial parameters and
 * seeded minibatches. Meta-training runs it many times, each run from {@link #initialParameters} and the
 * batches of {@link #batches} for the run's seed.
 */
public interface Problem {

    String describe();

    int parameterCount();

    /** θ_0 for the run with this seed. */
    float[] initialParameters(long seed);

    /** The minibatches of the run with this seed, in order. */
    BatchSource batches(long seed);

    /** Name and shape of every array in a batch; they become SameDiff placeholders. */
    Map<String, long[]> batchShapes();

    /** f(θ, batch) as a SameDiff subgraph; {@code theta} is [N, 1]. The definition and reference. */
    SDVariable loss(SameDiff sd, SDVariable theta, Map<String, SDVariable> batch);

    /** A fast evaluator of f and ∇f with its own reusable buffers; one per thread. */
    LossEvaluator evaluator();

    /**
     * The loss of the run with this seed at θ on all of the problem's data (for an MLP the whole split it draws
     * its minibatches from), and its accuracy where that means something.
     */
    FinalMetrics finalMetrics(float[] theta, long seed);
}
