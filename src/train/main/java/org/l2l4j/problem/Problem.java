package org.l2l4j.problem;

/**
 * An optimizee: a loss f(θ, batch) over a flat parameter vector θ, with seeded initial parameters and
 * seeded minibatches. Meta-training runs it many times, each run from {@link #initialParameters} and the
 * batches of {@link #batches} for the run's seed. A problem whose loss is also written as a SameDiff graph
 * implements {@link SameDiffLoss} too.
 */
public interface Problem {

    String describe();

    int parameterCount();

    /** θ_0 for the run with this seed. */
    float[] initialParameters(long seed);

    /** The minibatches of the run with this seed, in order. */
    BatchSource batches(long seed);

    /** A fast evaluator of f and ∇f with its own reusable buffers; one per thread. */
    LossEvaluator evaluator();

    /**
     * The loss of the run with this seed at θ on all of the problem's data (for an MLP the whole split it draws
     * its minibatches from), and its accuracy where that means something.
     */
    FinalMetrics finalMetrics(float[] theta, long seed);
}
